package io.agentkit.core.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChartMetadataTest {

  @Test
  void semverAcceptsMavenSnapshotsAndBuildMetadata() {
    assertThat(SemVer.isValid("0.1.0-SNAPSHOT")).isTrue();
    assertThat(SemVer.isValid("1.2.3+build.7")).isTrue();
    assertThat(SemVer.isValid("1.0")).isFalse();
    assertThat(SemVer.isValid("v1.0.0")).isFalse();
    assertThat(SemVer.isValid("01.0.0")).isFalse();
    assertThat(SemVer.toOciTag("1.2.3+build.7")).isEqualTo("1.2.3_build.7");
  }

  @Test
  void reportsEveryProblemOfAChartYaml() {
    assertThatThrownBy(() -> ChartMetadata.of(new YamlEditor("apiVersion: v3\nname: My_Chart\nversion: 1.0\n", "c/Chart.yaml").original(), "c/Chart.yaml"))
        .isInstanceOf(ChartException.class)
        .hasMessageContaining("c/Chart.yaml is not a valid chart")
        .hasMessageContaining("apiVersion 'v3'").hasMessageContaining("name 'My_Chart'").hasMessageContaining("version '1.0' is not SemVer");
    assertThatThrownBy(() -> ChartMetadata.of(new YamlEditor("description: x\n", "Chart.yaml").original(), "Chart.yaml"))
        .hasMessageContaining("apiVersion is missing").hasMessageContaining("name is missing").hasMessageContaining("version is missing");
  }

  @Test
  void configJsonFollowsHelmsFieldOrderAndLeavesOutEmptyFields() throws Exception {
    String yaml = "apiVersion: v2\nname: c\nversion: 1.0.0\nappVersion: 2.0\ndescription: d\nicon: \"\"\ntype: application\nkeywords: []\n";
    ChartMetadata m = ChartMetadata.of(new YamlEditor(yaml, "Chart.yaml").original(), "Chart.yaml");
    assertThat(new String(m.configJson(), StandardCharsets.UTF_8))
        .isEqualTo("{\"name\":\"c\",\"version\":\"1.0.0\",\"description\":\"d\",\"apiVersion\":\"v2\",\"appVersion\":\"2.0\",\"type\":\"application\"}");
    assertThat(m.archiveName()).isEqualTo("c-1.0.0.tgz");
  }
}
