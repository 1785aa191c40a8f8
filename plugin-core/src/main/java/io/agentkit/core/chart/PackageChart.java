package io.agentkit.core.chart;

import io.agentkit.core.BuildLog;
import io.agentkit.core.io.AtomicFiles;
import io.agentkit.core.io.FileMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code package-chart} operation: reads the chart, stamps version, appVersion and value
 * defaults into Chart.yaml and values.yaml (keeping their comments), validates the result, and
 * writes a reproducible {@code <name>-<version>.tgz} atomically. Nothing is written when any check
 * fails.
 */
public final class PackageChart {

  /** A packaged chart. */
  public record Result(Path archive, ChartMetadata metadata, byte[] bytes, String sha256) {}

  /**
   * @param version chart version (SemVer), or null to keep Chart.yaml's
   * @param appVersion appVersion, or null to keep Chart.yaml's
   * @param values value paths to set in values.yaml
   * @param timestamp mtime of every archive entry
   */
  public record Request(ChartFiles chart, String version, String appVersion, Map<List<String>, Object> values, Path outputDirectory, Instant timestamp) {}

  private final BuildLog log;

  public PackageChart(BuildLog log) {
    this.log = log;
  }

  /** Builds the archive in memory, validated, without writing it. */
  public Result build(Request request) throws ChartException, IOException {
    ChartFiles chart = request.chart();
    if (request.version() != null && !SemVer.isValid(request.version())) {
      throw new ChartException("chartVersion", "'" + request.version() + "' is not a SemVer 2.0 version, which Helm requires",
          "use MAJOR.MINOR.PATCH with an optional -prerelease, e.g. 1.4.0 or 1.4.0-SNAPSHOT");
    }
    String chartYamlSource = chart.source() + "/" + ChartFiles.CHART_YAML;
    YamlEditor chartYaml = new YamlEditor(chart.text(ChartFiles.CHART_YAML), chartYamlSource);
    ChartMetadata.of(chartYaml.original(), chartYamlSource);
    if (request.version() != null) {
      chartYaml.set(List.of("version"), request.version());
    }
    if (request.appVersion() != null) {
      chartYaml.set(List.of("appVersion"), request.appVersion());
    }
    String chartYamlText = chartYaml.text();
    ChartMetadata metadata = ChartMetadata.of(chartYaml.written(), chartYamlSource);
    chart = chart.with(ChartFiles.CHART_YAML, chartYamlText);

    String valuesSource = chart.source() + "/" + ChartFiles.VALUES_YAML;
    YamlEditor values = new YamlEditor(chart.text(ChartFiles.VALUES_YAML), valuesSource);
    for (Map.Entry<List<String>, Object> e : request.values().entrySet()) {
      values.set(e.getKey(), e.getValue());
    }
    String valuesText = values.text();
    byte[] schema = chart.get(ChartFiles.VALUES_SCHEMA);
    // The fast check vouches only for valid values; everything else gets the full validator and its messages.
    if (schema != null && !ValuesPrecheck.certainlyValid(schema, values.written())) {
      ValuesSchema.validate(schema, valuesText, chart.source());
    }
    chart = chart.with(ChartFiles.VALUES_YAML, valuesText);

    refuseKeys(chart);
    byte[] bytes = ChartArchive.write(metadata.name(), chart.files(), request.timestamp());
    Path archive = request.outputDirectory().resolve(metadata.archiveName());
    return new Result(archive, metadata, bytes, Digests.sha256Hex(bytes));
  }

  public Result run(Request request) throws ChartException, IOException {
    Result result = build(request);
    AtomicFiles.writeReplacing(result.archive(), result.bytes(), FileMode.PUBLIC);
    log.info("Packaged chart " + result.metadata().name() + " " + result.metadata().version() + " (appVersion " + result.metadata().appVersion() + ") from "
        + request.chart().source() + " into " + result.archive());
    log.info("sha256 " + result.sha256());
    return result;
  }

  /** A chart is published for anyone to pull: a private key must never end up in one. */
  private static void refuseKeys(ChartFiles chart) throws ChartException {
    for (Map.Entry<String, byte[]> f : chart.files().entrySet()) {
      String text = new String(f.getValue(), StandardCharsets.ISO_8859_1);
      if (text.contains("-----BEGIN") && text.contains("PRIVATE KEY-----")) {
        throw new ChartException(null, chart.source() + "/" + f.getKey() + " contains a private key, and a chart is published for anyone to pull",
            "remove the file (or add it to .helmignore) and pass the key at install time with --set-file humanitec.privateKey=...");
      }
    }
  }
}
