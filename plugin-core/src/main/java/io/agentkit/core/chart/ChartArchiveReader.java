package io.agentkit.core.chart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Reads the Chart.yaml of a packaged chart, as push-chart needs it for the OCI config and tag. */
public final class ChartArchiveReader {

  private ChartArchiveReader() {}

  public static ChartMetadata metadata(byte[] archive, String source) throws ChartException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName();
        int slash = name.indexOf('/');
        if (slash > 0 && name.substring(slash + 1).equals(ChartFiles.CHART_YAML)) {
          String text = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
          return ChartMetadata.of(new YamlEditor(text, source + "!" + name).original(), source + "!" + name);
        }
      }
    } catch (IOException e) {
      throw new ChartException("chartArchive", source + " is not a gzipped tar archive: " + e.getMessage(), "point it at a chart .tgz made by package-chart or helm package");
    }
    throw new ChartException("chartArchive", source + " holds no <chart>/Chart.yaml, so it is not a Helm chart", "point it at a chart .tgz made by package-chart or helm package");
  }
}
