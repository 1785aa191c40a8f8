package io.agentkit.core.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.core.chart.ChartMetadata;
import io.agentkit.core.chart.YamlEditor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** References, challenges and the artifact layout: the parts of a push that need no registry. */
class OciTest {

  @Test
  void referencesNeedTheOciSchemeAndAHost() throws Exception {
    OciReference r = OciReference.parse("oci://127.0.0.1:5000/team/charts/", "chartRepository");
    assertThat(r.registry()).isEqualTo("127.0.0.1:5000");
    assertThat(r.repository("humanitec-agent")).isEqualTo("team/charts/humanitec-agent");
    assertThat(OciReference.parse("oci://ghcr.io", "x").repository("c")).isEqualTo("c");
    assertThatThrownBy(() -> OciReference.parse("ghcr.io/my/charts", "chartRepository")).hasMessageContaining("does not start with oci://")
        .hasMessageStartingWith("chartRepository: ");
    assertThatThrownBy(() -> OciReference.parse("oci://ghcr.io/My/Charts", "r")).hasMessageContaining("'My'");
    assertThatThrownBy(() -> OciReference.parse("oci://ghcr.io/charts:1.0", "r")).hasMessageContaining("tag or digest");
    assertThatThrownBy(() -> OciReference.parse(null, "chartRepository")).hasMessageContaining("is required");
  }

  @Test
  void parsesBearerAndBasicChallenges() {
    AuthChallenge bearer = AuthChallenge.parse("Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\"").orElseThrow();
    assertThat(bearer.scheme()).isEqualTo("bearer");
    assertThat(bearer.parameters()).containsExactly(Map.entry("realm", "https://auth.example/token"), Map.entry("service", "registry.example"),
        Map.entry("scope", "repository:a/b:pull,push"));
    assertThat(AuthChallenge.parse("Basic realm=\"Registry Realm\"").orElseThrow().scheme()).isEqualTo("basic");
    assertThat(AuthChallenge.parse(null)).isEmpty();
  }

  @Test
  void theManifestCarriesHelmsMediaTypesAndAnnotationsAndIsReproducible() throws Exception {
    String yaml = "apiVersion: v2\nname: c\nversion: 1.0.0+b.1\ndescription: D\nhome: https://h\nsources: [https://s1, https://s2]\n"
        + "maintainers: [{name: Ann, email: a@x}, {name: Bob}]\nannotations: {org.opencontainers.image.title: nope, example.com/x: y}\n";
    ChartMetadata m = ChartMetadata.of(new YamlEditor(yaml, "Chart.yaml").original(), "Chart.yaml");
    byte[] tgz = "archive".getBytes(StandardCharsets.UTF_8);
    HelmArtifact a = HelmArtifact.of(m, tgz, Instant.parse("2026-11-23T00:00:00Z"));
    HelmArtifact b = HelmArtifact.of(m, tgz, Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(b.manifestDigest()).isEqualTo(a.manifestDigest());
    String manifest = new String(a.manifest(), StandardCharsets.UTF_8);
    assertThat(manifest).startsWith("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\"" + MediaTypes.HELM_CONFIG)
        .contains("\"layers\":[{\"mediaType\":\"" + MediaTypes.HELM_CHART_CONTENT + "\",\"digest\":\"" + a.chart().digest() + "\",\"size\":7}]")
        .contains("\"org.opencontainers.image.authors\":\"Ann (a@x), Bob\"")
        .contains("\"org.opencontainers.image.created\":\"2026-11-23T00:00:00Z\"")
        .contains("\"org.opencontainers.image.source\":\"https://s1\"")
        .contains("\"org.opencontainers.image.title\":\"c\"")
        .contains("\"org.opencontainers.image.version\":\"1.0.0+b.1\"")
        .contains("\"example.com/x\":\"y\"");
    assertThat(HelmArtifact.of(m, tgz, Instant.parse("2026-11-24T00:00:00Z")).manifestDigest()).isNotEqualTo(a.manifestDigest());
  }

  @Test
  void aSignedChartHasAProvenanceLayerAndLayersSortedByDigestAsHelmPushSortsThem() throws Exception {
    ChartMetadata m = ChartMetadata.of(new YamlEditor("apiVersion: v2\nname: c\nversion: 1.0.0\n", "Chart.yaml").original(), "Chart.yaml");
    HelmArtifact a = HelmArtifact.of(m, "archive".getBytes(StandardCharsets.UTF_8), "prov".getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
    assertThat(a.blobs()).extracting(HelmArtifact.Blob::mediaType).containsExactly(MediaTypes.HELM_CONFIG, MediaTypes.HELM_CHART_CONTENT, MediaTypes.HELM_PROVENANCE);
    String manifest = new String(a.manifest(), StandardCharsets.UTF_8);
    String first = a.chart().digest().compareTo(a.provenance().digest()) < 0 ? a.chart().digest() : a.provenance().digest();
    String second = first.equals(a.chart().digest()) ? a.provenance().digest() : a.chart().digest();
    assertThat(manifest.indexOf(first)).isLessThan(manifest.indexOf(second)).isPositive();
    assertThat(manifest).contains("\"mediaType\":\"" + MediaTypes.HELM_PROVENANCE + "\"");
  }

  @Test
  void retriesBackOffUpToTheCap() {
    RetryPolicy p = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(2));
    assertThat(p.delayAfter(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(p.delayAfter(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.delayAfter(5)).isEqualTo(Duration.ofSeconds(2));
  }
}
