package io.agentkit.core.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.core.RecordingLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timestamped snapshot versions, SemVer precedence, and index.yaml merging. */
class VersionsAndIndexTest {

  @TempDir Path dir;

  @Test
  void timestampModeReplacesSnapshotWithTheBuildTimeAndKeepsEverythingElse() throws Exception {
    Instant t = Instant.parse("2026-11-23T15:45:00Z");
    assertThat(SnapshotVersions.apply("2.3.0-SNAPSHOT", "timestamp", t)).isEqualTo("2.3.0-20261123154500");
    assertThat(SnapshotVersions.apply("2.3.0-beta-SNAPSHOT", "TIMESTAMP", t)).isEqualTo("2.3.0-beta-20261123154500");
    assertThat(SnapshotVersions.apply("2.3.0", "timestamp", t)).isEqualTo("2.3.0");
    assertThat(SnapshotVersions.apply("2.3.0-SNAPSHOT", "keep", t)).isEqualTo("2.3.0-SNAPSHOT");
    assertThat(SemVer.isValid(SnapshotVersions.apply("2.3.0-SNAPSHOT", "timestamp", t))).isTrue();
    assertThatThrownBy(() -> SnapshotVersions.apply("1.0.0-SNAPSHOT", "daily", t)).hasMessageStartingWith("snapshotVersions: 'daily'");
  }

  @Test
  void semVerPrecedenceFollowsTheSpec() {
    List<String> sorted = new java.util.ArrayList<>(List.of("1.0.0", "1.0.0-rc.1", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta.11",
        "1.0.0-beta.2", "1.0.0-beta", "2.0.0", "1.10.0", "1.2.0-20261123154500", "1.2.0-20261123154501"));
    sorted.sort(SemVer::compare);
    assertThat(sorted).containsExactly("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",
        "1.0.0", "1.2.0-20261123154500", "1.2.0-20261123154501", "1.10.0", "2.0.0");
  }

  @Test
  void theIndexKeepsOtherEntriesReplacesTheSameVersionAndIsReproducible() throws Exception {
    Path index = dir.resolve("index.yaml");
    Files.writeString(index, "apiVersion: v1\nentries:\n  demo:\n  - name: demo\n    version: 1.0.0\n    digest: old\n    created: \"2025-01-01T00:00:00Z\"\n"
        + "    urls: [demo-1.0.0.tgz]\n  - name: demo\n    version: 0.9.0\n    created: 2025-01-01T00:00:00Z\n    urls: [demo-0.9.0.tgz]\n");
    RepositoryIndex.Request request = new RepositoryIndex.Request(index, null, "https://charts.example.com/stable/", Instant.parse("2026-11-23T00:00:00Z"));
    new RepositoryIndex(new RecordingLog()).write(chart("1.0.0"), request);
    String first = Files.readString(index);
    assertThat(first).contains("version: 0.9.0").doesNotContain("digest: old").contains("https://charts.example.com/stable/demo-1.0.0.tgz")
        .contains("created: '2025-01-01T00:00:00Z'").contains("generated: '2026-11-23T00:00:00Z'");
    new RepositoryIndex(new RecordingLog()).write(chart("1.0.0"), request);
    assertThat(Files.readString(index)).isEqualTo(first);
  }

  @Test
  void aFileThatIsNotAnIndexIsRefused() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "apiVersion: v2\nname: not-an-index\n");
    assertThatThrownBy(() -> new RepositoryIndex(new RecordingLog()).write(chart("1.0.0"),
        new RepositoryIndex.Request(dir.resolve("index.yaml"), bad, null, Instant.EPOCH))).hasMessageStartingWith("mergeIndex: ").hasMessageContaining("is not a Helm repository index");
  }

  private PackageChart.Result chart(String version) throws Exception {
    String yaml = "apiVersion: v2\nname: demo\nversion: " + version + "\n";
    Map<String, byte[]> files = new TreeMap<>(Map.of("Chart.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
    byte[] bytes = ChartArchive.write("demo", files, Instant.EPOCH);
    Path archive = dir.resolve("demo-" + version + ".tgz");
    Files.write(archive, bytes);
    return new PackageChart.Result(archive, ChartMetadata.of(new YamlEditor(yaml, "Chart.yaml").original(), "Chart.yaml"), bytes, Digests.sha256Hex(bytes));
  }
}
