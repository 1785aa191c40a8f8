package io.agentkit.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.core.Specs;
import io.agentkit.core.chart.ImageReference;
import io.agentkit.core.spec.AgentSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChartValuesTest {

  @Test
  void onlyConfiguredSettingsAndTheImageBecomeValueDefaults() throws Exception {
    Map<List<String>, Object> v = ChartValues.of(Specs.spec("agentId", "a1", "organizations", List.of("org-a")));
    assertThat(v).containsOnlyKeys(List.of("humanitec", "org"), List.of("image", "repository"), List.of("image", "tag"), List.of("image", "digest"));
    assertThat(v.get(List.of("humanitec", "org"))).isEqualTo("org-a");
    assertThat(v.get(List.of("image", "repository"))).isEqualTo("ghcr.io/agent-kit/humanitec-agent");
    assertThat(v.get(List.of("image", "tag"))).isEqualTo("test");
  }

  @Test
  void mapsEverySettingToItsValuePath() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "a1", "organizations", List.of("org-a", "org-b"), "image", "registry.local:5000/agent@sha256:" + "a".repeat(64),
        "imagePullSecrets", List.of("regcred"), "replicas", "3", "logLevel", "WARN", "existingSecret", "vault", "connectionIdFromPodName", false,
        "resources.limits.memory", "1Gi", "name", "edge-agent", "extraEnv", Map.of("A", "b"));
    Map<List<String>, Object> v = ChartValues.of(spec);
    assertThat(v).containsEntry(List.of("humanitec", "org"), List.of("org-a", "org-b"))
        .containsEntry(List.of("image", "repository"), "registry.local:5000/agent").containsEntry(List.of("image", "tag"), "")
        .containsEntry(List.of("image", "digest"), "sha256:" + "a".repeat(64))
        .containsEntry(List.of("imagePullSecrets"), List.of(Map.of("name", "regcred"))).containsEntry(List.of("replicaCount"), 3)
        .containsEntry(List.of("logLevel"), "WARN").containsEntry(List.of("humanitec", "existingSecret"), "vault")
        .containsEntry(List.of("humanitec", "existingSecretKey"), "private_key")
        .containsEntry(List.of("connectionIdFromPodName"), false).containsEntry(List.of("connectionId"), "")
        .containsEntry(List.of("resources", "limits", "memory"), "1Gi").containsEntry(List.of("fullnameOverride"), "edge-agent")
        .containsEntry(List.of("extraEnv"), Map.of("A", "b"));
    assertThat(ChartValues.appVersion(spec)).isEqualTo("latest");
  }

  @Test
  void aFixedConnectionIdTurnsThePodNameOff() throws Exception {
    Map<List<String>, Object> v = ChartValues.of(Specs.spec("agentId", "a1", "organizations", "o", "connectionId", "edge-1"));
    assertThat(v).containsEntry(List.of("connectionId"), "edge-1").containsEntry(List.of("connectionIdFromPodName"), false);
  }

  @Test
  void imageReferencesSplitAtTheTagNotAtThePort() {
    assertThat(ImageReference.parse("localhost:5000/a/b:1.2")).isEqualTo(new ImageReference("localhost:5000/a/b", "1.2", null));
    assertThat(ImageReference.parse("localhost:5000/a/b")).isEqualTo(new ImageReference("localhost:5000/a/b", null, null));
    assertThat(ImageReference.parse("ghcr.io/x:1@sha256:ab")).isEqualTo(new ImageReference("ghcr.io/x", "1", "sha256:ab"));
  }
}
