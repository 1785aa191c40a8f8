package io.agentkit.core.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The cases follow helm's own rules (pkg/ignore): file-name patterns, anchored paths, directories, negation. */
class HelmIgnoreTest {

  @Test
  void patternsWithoutSlashMatchTheFileNameAnywhere() throws Exception {
    HelmIgnore ignore = HelmIgnore.parse("*.bak\n# comment\n\n.git\n", ".helmignore");
    assertThat(ignore.ignores("values.yaml.bak", false)).isTrue();
    assertThat(ignore.ignores("templates/deployment.yaml.bak", false)).isTrue();
    assertThat(ignore.ignores(".git", true)).isTrue();
    assertThat(ignore.ignores("templates/deployment.yaml", false)).isFalse();
  }

  @Test
  void patternsWithSlashMatchFromTheRootAndDirectoryPatternsOnlyDirectories() throws Exception {
    HelmIgnore ignore = HelmIgnore.parse("ci/\n/docs/*.md\ntemplates/*.txt\n", ".helmignore");
    assertThat(ignore.ignores("ci", true)).isTrue();
    assertThat(ignore.ignores("ci", false)).isFalse();
    assertThat(ignore.ignores("docs/a.md", false)).isTrue();
    assertThat(ignore.ignores("templates/NOTES.txt", false)).isTrue();
    assertThat(ignore.ignores("templates/sub/NOTES.txt", false)).isFalse();
  }

  @Test
  void dotfilesInTemplatesAreAlwaysIgnored() throws Exception {
    HelmIgnore ignore = HelmIgnore.parse(null, "none");
    assertThat(ignore.ignores("templates/.swp", false)).isTrue();
    assertThat(ignore.ignores(".helmignore", false)).isFalse();
  }

  @Test
  void doubleStarIsRefusedLikeHelmDoes() {
    assertThatThrownBy(() -> HelmIgnore.parse("a/**/b\n", "chart/.helmignore")).isInstanceOf(ChartException.class)
        .hasMessageContaining("chart/.helmignore line 1").hasMessageContaining("**");
  }
}
