package io.agentkit.core.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.core.RecordingLog;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageChartTest {

  static final Instant T = Instant.parse("2026-11-23T00:00:00Z");

  @TempDir Path dir;

  private PackageChart.Request request(ChartFiles chart, String version, Map<List<String>, Object> values) {
    return new PackageChart.Request(chart, version, "9.9.9", values, dir.resolve("target"), T);
  }

  @Test
  void theBundledChartPackagesToTheSameBytesEveryTime() throws Exception {
    Map<List<String>, Object> values = Map.of(List.of("humanitec", "org"), "my-org");
    PackageChart.Result a = new PackageChart(new RecordingLog()).build(request(ChartFiles.bundled(), "1.0.0-SNAPSHOT", values));
    PackageChart.Result b = new PackageChart(new RecordingLog()).build(request(ChartFiles.bundled(), "1.0.0-SNAPSHOT", values));
    assertThat(b.bytes()).isEqualTo(a.bytes());
    assertThat(a.archive().getFileName().toString()).isEqualTo("humanitec-agent-1.0.0-SNAPSHOT.tgz");
    assertThat(a.sha256()).isEqualTo(Digests.sha256Hex(a.bytes()));
  }

  @Test
  void entriesAreSortedWithFixedOwnerModeAndTimeAndTheGzipHeaderHasNoTime() throws Exception {
    byte[] tgz = new PackageChart(new RecordingLog()).build(request(ChartFiles.bundled(), "1.0.0", Map.of())).bytes();
    assertThat(new byte[] {tgz[4], tgz[5], tgz[6], tgz[7]}).as("gzip MTIME").containsOnly(0);
    assertThat(tgz[9] & 0xff).as("gzip OS").isEqualTo(255);
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tgz)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        names.add(e.getName());
        assertThat(e.getMode()).as(e.getName()).isEqualTo(0100644);
        assertThat(e.getLongUserId()).isZero();
        assertThat(e.getLongGroupId()).isZero();
        assertThat(e.getUserName()).isEmpty();
        assertThat(e.getModTime().toInstant()).isEqualTo(T);
      }
    }
    assertThat(names).isSorted().allMatch(n -> n.startsWith("humanitec-agent/"))
        .contains("humanitec-agent/Chart.yaml", "humanitec-agent/values.schema.json", "humanitec-agent/.helmignore")
        .noneMatch(n -> n.contains("/ci/"));
  }

  @Test
  void aVersionThatIsNotSemverNamesTheSettingAndWritesNothing() {
    assertThatThrownBy(() -> new PackageChart(new RecordingLog()).run(request(ChartFiles.bundled(), "1.0", Map.of())))
        .isInstanceOf(ChartException.class).satisfies(e -> assertThat(((ChartException) e).setting()).isEqualTo("chartVersion"))
        .hasMessageContaining("'1.0' is not a SemVer 2.0 version");
    assertThat(dir.resolve("target")).doesNotExist();
  }

  @Test
  void aDirectoryWithoutChartYamlIsNotAChart() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> ChartFiles.fromDirectory(dir.resolve("empty"), "empty")).isInstanceOf(ChartException.class)
        .hasMessageContaining("holds no Chart.yaml").satisfies(e -> assertThat(((ChartException) e).setting()).isEqualTo("chartDirectory"));
    assertThatThrownBy(() -> ChartFiles.fromDirectory(dir.resolve("missing"), "missing")).hasMessageContaining("does not exist");
  }

  @Test
  void valuesThatBreakTheSchemaFailWithTheirPath() throws Exception {
    Map<List<String>, Object> values = new LinkedHashMap<>();
    values.put(List.of("replicaCount"), "three");
    values.put(List.of("logLevel"), "TRACE");
    assertThatThrownBy(() -> new PackageChart(new RecordingLog()).run(request(ChartFiles.bundled(), "1.0.0", values)))
        .isInstanceOf(ChartException.class).hasMessageContaining("break values.schema.json").hasMessageContaining("replicaCount").hasMessageContaining("logLevel");
    assertThat(dir.resolve("target")).doesNotExist();
  }

  @Test
  void aChartDirectoryHonoursHelmignoreAndRefusesAPrivateKey() throws Exception {
    Path chart = Files.createDirectories(dir.resolve("mychart/templates"));
    Files.writeString(dir.resolve("mychart/Chart.yaml"), "apiVersion: v2\nname: mychart\nversion: 0.1.0\n");
    Files.writeString(dir.resolve("mychart/values.yaml"), "replicas: 1\n");
    Files.writeString(chart.resolve("cm.yaml"), "kind: ConfigMap\n");
    Files.writeString(dir.resolve("mychart/.helmignore"), "*.pem\n");
    Files.writeString(dir.resolve("mychart/key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    PackageChart.Result ok = new PackageChart(new RecordingLog()).run(request(ChartFiles.fromDirectory(dir.resolve("mychart"), "mychart"), "0.2.0", Map.of()));
    assertThat(Files.readAllBytes(ok.archive())).isEqualTo(ok.bytes());

    Files.writeString(dir.resolve("mychart/.helmignore"), "# nothing ignored\n");
    assertThatThrownBy(() -> new PackageChart(new RecordingLog()).run(request(ChartFiles.fromDirectory(dir.resolve("mychart"), "mychart"), "0.3.0", Map.of())))
        .isInstanceOf(ChartException.class).hasMessageContaining("mychart/key.pem contains a private key").hasMessageNotContaining("AAAA");
    assertThat(dir.resolve("target/mychart-0.3.0.tgz")).doesNotExist();
  }
}
