package io.agentkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.core.chart.PackageChart;
import io.agentkit.core.settings.InvalidSpecException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** package-chart packages the build's settings as chart defaults without making up an agent. */
class ChartGoalsTest {

  @TempDir Path dir;

  private PackageChart.Result packageChart(Object... settings) throws Exception {
    return new ChartGoals(new RecordingLog()).packageChart(
        new ChartGoals.PackageSettings(Specs.input(settings), null, "1.0.0", null, dir, Instant.EPOCH));
  }

  @Test
  void aChartNeedsNoAgentIdAndNoOrganization() throws Exception {
    // As the distribution's product chart: agent-kit's image, its installers set tunnelUrl.
    PackageChart.Result result = packageChart("failOnMissingTunnelUrl", false);
    String values = entry(result.bytes(), "humanitec-agent/values.yaml");
    assertThat(values).contains("  org: \"\"").doesNotContain("chart-defaults");
  }

  @Test
  void agentKitsImageWithoutATunnelIsNotPackagedUnlessAllowed() {
    assertThatThrownBy(() -> packageChart("organizations", "my-org")).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("setting tunnelUrl: is not set, so agent-kit's agent");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void chartSettingsAreValidatedAsForAnAgent() {
    assertThatThrownBy(() -> packageChart("logLevel", "TRACE", "organizations", "Not_An_Org")).isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("setting logLevel: 'TRACE' is not a log level").hasMessageContaining("'Not_An_Org' is not a valid organization id")
        .hasMessageNotContaining("agentId");
    assertThat(dir).isEmptyDirectory();
  }

  static String entry(byte[] tgz, String name) throws Exception {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tgz)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.getName().equals(name)) {
          return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    throw new AssertionError(name + " is not in the archive");
  }
}
