package io.agentkit.it.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.core.secrets.TestCertificates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart installs what render-manifests renders. The same configuration goes through the
 * plugin's core twice: render-manifests, and package-chart followed by the real {@code helm template}
 * with the guide's install command. The objects must be equal, apart from what only Helm adds, each
 * listed in docs/chart.md: the Namespace (helm install --create-namespace makes it), Helm's
 * bookkeeping labels, the checksum annotations, automountServiceAccountToken: false, and the
 * PodDisruptionBudget when there are several replicas.
 */
class ChartParityIT {

  static final List<String> HELM_ONLY_LABELS = List.of("helm.sh/chart", "app.kubernetes.io/managed-by", "app.kubernetes.io/version");
  /** Stands for a sealed-secrets controller certificate each test writes. */
  static final String CERTIFICATE = "@certificate@";

  @TempDir Path dir;

  static Stream<Arguments> cases() {
    Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
    cases.put("defaults", Map.of("organizations", List.of("example-org")));
    cases.put("existing secret", Map.of("organizations", List.of("example-org"), "existingSecret", "agent-key-from-vault", "existingSecretKey", "pem"));
    cases.put("several organizations", Map.of("organizations", List.of("org-a", "org-b", "org-c")));
    cases.put("replicas 3", Map.of("organizations", List.of("example-org"), "replicas", "3"));
    Map<String, Object> many = new LinkedHashMap<>();
    many.put("organizations", List.of("example-org"));
    many.put("logLevel", "DEBUG");
    many.put("tunnelUrl", "wss://tunnel.example.com/tunnel");
    many.put("privateKeyFile", "/secrets/agent/key.pem");
    many.put("extraEnv", Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "NO_PROXY", "10.0.0.0/8"));
    many.put("imagePullPolicy", "IfNotPresent");
    many.put("imagePullSecrets", List.of("regcred"));
    many.put("resources.limits.memory", "512Mi");
    many.put("resources.requests.cpu", "50m");
    many.put("podAnnotations", Map.of("example.com/team", "platform"));
    many.put("podLabels", Map.of("team", "platform"));
    many.put("nodeSelector", Map.of("kubernetes.io/os", "linux"));
    many.put("tolerations", "- key: dedicated\n  operator: Equal\n  value: agents\n  effect: NoSchedule\n");
    many.put("affinity", "nodeAffinity:\n  requiredDuringSchedulingIgnoredDuringExecution:\n    nodeSelectorTerms:\n    - matchExpressions:\n      - key: kubernetes.io/arch\n        operator: In\n        values: [amd64]\n");
    many.put("connectionIdFromPodName", false);
    cases.put("many settings", many);
    Map<String, Object> kit = new LinkedHashMap<>();
    kit.put("organizations", List.of("example-org"));
    kit.put("tunnelUrl", "wss://orchestrator.example.com:9443/tunnel");
    kit.put("allowedTargets", List.of("*.svc.cluster.local:443", "10.0.0.0/8:5432", "api:8000-8099", "2001:db8::/32:*", "10.1.2.3:443",
        "[FD00::1]:8443", "fd00:1::/32:22-23"));
    kit.put("networkPolicy", true);
    kit.put("extraEnv", Map.of("HTTPS_PROXY", "http://proxy.corp:3128"));
    kit.put("extraEnvFrom", "[{secretRef: {name: agent-proxy}}]");
    kit.put("extraVolumes", "[{name: tunnel-ca, configMap: {name: tunnel-ca}}]");
    kit.put("extraVolumeMounts", "[{name: tunnel-ca, mountPath: /etc/agent-ca, readOnly: true}]");
    kit.put("revisionHistoryLimit", "0");
    kit.put("strategy", "{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}");
    kit.put("runAsUser", "65532");
    cases.put("agent-kit's agent with the deployment settings", kit);
    cases.put("Humanitec's image with an allowlist", Map.of("organizations", List.of("example-org"), "image", "ghcr.io/humanitec/agent:1.2.0",
        "allowedTargets", List.of("10.0.0.0/8:*"), "networkPolicy", true));
    cases.put("sealed secret", Map.of("organizations", List.of("example-org"), "secretFormat", "sealed-secret", "sealedSecretsCertificate", CERTIFICATE));
    cases.put("external secret", Map.of("organizations", List.of("example-org"), "secretFormat", "external-secret", "externalSecret.store", "vault-backend",
        "externalSecret.storeKind", "ClusterSecretStore", "externalSecret.remoteKey", "agents/parity", "externalSecret.property", "pem",
        "externalSecret.refreshInterval", "15m"));
    List<Arguments> args = new ArrayList<>();
    for (String helm : List.of("3", "4")) {
      cases.forEach((name, settings) -> args.add(Arguments.of(name, helm, settings)));
    }
    // Every setting the chart takes, alone with its example from the settings table: a chart template that
    // forgets a setting fails here. Not name: with Helm the instance label is the release name (docs/chart.md).
    for (io.agentkit.core.settings.Setting<?> s : io.agentkit.core.settings.Settings.ALL) {
      if (s.chart() != null && !s.path().equals("name")) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("organizations", List.of("example-org"));
        settings.putAll(s.exampleContext());
        settings.put(s.path(), s.example());
        args.add(Arguments.of("setting " + s.path(), "4", settings));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} on helm {1}")
  @MethodSource("cases")
  void helmTemplateRendersWhatRenderManifestsRenders(String name, String major, Map<String, Object> settings) throws Exception {
    Helm helm = major.equals("3") ? Helm.of("helm3", Tools.helm3(), dir) : Helm.of("helm4", Tools.helm4(), dir);
    if (CERTIFICATE.equals(settings.get("sealedSecretsCertificate"))) {
      Map<String, Object> withCertificate = new LinkedHashMap<>(settings);
      withCertificate.put("sealedSecretsCertificate", TestCertificates.write(dir.resolve("sealed-secrets.pem"), TestKeys.rsa("controller", 4096)).toString());
      settings = withCertificate;
    }
    ChartFixture fixture = ChartFixture.of(dir.resolve("fixture"), settings);
    String rendered = fixture.renderManifests();
    Path chart = fixture.packageChart("0.1.0").archive();

    List<String> args = new ArrayList<>(List.of("template", "humanitec-agent", chart.toString(), "--namespace", "humanitec-agent"));
    if (settings.containsKey("secretFormat")) {
      // The key (sealed) or its store comes from the agent's helm-values.yaml that render-manifests wrote.
      args.addAll(List.of("--values", fixture.helmValues().toString()));
    } else if (!settings.containsKey("existingSecret")) {
      args.addAll(List.of("--set-file", "humanitec.privateKey=" + fixture.keyAsShellSubstitution()));
    }
    String templated = helm.ok(args.toArray(String[]::new));
    Manifests.validateStrictly(templated);

    Map<String, JsonNode> expected = byKindAndName(Manifests.parse(rendered));
    assertThat(expected.remove("Namespace/humanitec-agent")).as("render-manifests renders the namespace").isNotNull();
    Map<String, JsonNode> actual = byKindAndName(Manifests.parse(templated));
    int replicas = Integer.parseInt(String.valueOf(settings.getOrDefault("replicas", "1")));
    JsonNode pdb = actual.remove("PodDisruptionBudget/humanitec-agent");
    assertThat(pdb != null).as("PodDisruptionBudget iff replicas > 1").isEqualTo(replicas > 1);
    actual.values().forEach(ChartParityIT::removeHelmOnlyFields);

    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    for (String key : expected.keySet()) {
      assertThat(actual.get(key)).as(key).isEqualTo(expected.get(key));
    }
    assertThat(templated).doesNotContain(fixture.privateKeyPem().lines().skip(1).findFirst().orElseThrow());
  }

  /** Removes, after checking it, each documented Helm-only field. */
  private static void removeHelmOnlyFields(JsonNode object) {
    ObjectNode labels = (ObjectNode) object.path("metadata").path("labels");
    for (String label : HELM_ONLY_LABELS) {
      assertThat(labels.remove(label)).as(label + " on " + object.path("kind").asText()).isNotNull();
    }
    if (object.path("kind").asText().equals("SealedSecret")) {
      ObjectNode unsealedLabels = (ObjectNode) object.path("spec").path("template").path("metadata").path("labels");
      HELM_ONLY_LABELS.forEach(unsealedLabels::remove);
    }
    if (object.path("kind").asText().equals("Deployment")) {
      ObjectNode podMeta = (ObjectNode) object.path("spec").path("template").path("metadata");
      ObjectNode annotations = (ObjectNode) podMeta.path("annotations");
      assertThat(annotations.remove("checksum/config")).isNotNull();
      annotations.remove("checksum/secret");
      if (annotations.isEmpty()) {
        podMeta.remove("annotations");
      }
      ObjectNode podSpec = (ObjectNode) object.path("spec").path("template").path("spec");
      assertThat(podSpec.remove("automountServiceAccountToken").asBoolean(true)).isFalse();
    }
  }

  private static Map<String, JsonNode> byKindAndName(List<JsonNode> objects) {
    Map<String, JsonNode> byKey = new TreeMap<>();
    for (JsonNode o : objects) {
      byKey.put(o.path("kind").asText() + "/" + o.path("metadata").path("name").asText(), o);
    }
    return byKey;
  }
}
