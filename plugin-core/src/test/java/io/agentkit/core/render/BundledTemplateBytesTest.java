package io.agentkit.core.render;

import static io.agentkit.core.Specs.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.core.Specs;
import io.agentkit.core.spec.AgentSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bundled templates' output byte for byte, with every optional block of the Deployment and several criteria rules
 * rendered: the other tests compare parsed YAML, which would not notice a changed blank line or indentation when a
 * template is rewritten (as when the bundled templates stopped calling FreeMarker built-ins and comparing strings, see
 * deployment.yaml.ftl).
 * The expected files were rendered by the templates before that rewrite.
 */
class BundledTemplateBytesTest {

  static AgentSpec everything() throws Exception {
    return Specs.spec(
        "agentId", "bytes-agent",
        "organizations", List.of("org-a", "org-b"),
        "replicas", 2,
        "revisionHistoryLimit", 3,
        "strategy", "{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}",
        "podAnnotations", map("example.com/team", "platform", "example.com/cost", "42"),
        "podLabels", map("team", "platform"),
        "imagePullSecrets", List.of("pull-a", "pull-b"),
        "nodeSelector", map("kubernetes.io/os", "linux"),
        "tolerations", "[{key: dedicated, operator: Equal, value: agents, effect: NoSchedule}, {key: spot, operator: Exists}]",
        "affinity", "{nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a, b]}]}]}}}",
        "extraEnvFrom", "[{secretRef: {name: agent-proxy}}]",
        "extraVolumes", "[{name: tunnel-ca, configMap: {name: tunnel-ca}}]",
        "extraVolumeMounts", "[{name: tunnel-ca, mountPath: /etc/agent-ca, readOnly: true}]",
        "definition.criteria", List.of(map("env_type", "production", "app_id", "shop", "class", "eu"), map("env_id", "staging")));
  }

  @Test
  void deploymentWithEveryOptionalBlock() throws Exception {
    assertThat(render(TemplateNames.DEPLOYMENT, everything())).isEqualTo(expected("deployment-everything.yaml"));
  }

  @Test
  void deploymentWithDefaults() throws Exception {
    assertThat(render(TemplateNames.DEPLOYMENT, Specs.spec("agentId", "bytes-agent", "organizations", List.of("org-a"))))
        .isEqualTo(expected("deployment-defaults.yaml"));
  }

  @Test
  void deploymentWithAFixedConnectionId() throws Exception {
    assertThat(render(TemplateNames.DEPLOYMENT, Specs.spec("agentId", "bytes-agent", "organizations", List.of("org-a"), "connectionId", "replica-a")))
        .isEqualTo(expected("deployment-fixed-connection-id.yaml"));
  }

  @Test
  void deploymentWithoutConnectionId() throws Exception {
    assertThat(render(TemplateNames.DEPLOYMENT, Specs.spec("agentId", "bytes-agent", "organizations", List.of("org-a"), "connectionIdFromPodName", false)))
        .isEqualTo(expected("deployment-no-connection-id.yaml"));
  }

  @Test
  void definitionWithSeveralCriteriaRules() throws Exception {
    assertThat(render(TemplateNames.DEFINITION, everything())).isEqualTo(expected("definition-everything.yaml"));
  }

  @Test
  void definitionWithTheDefaultRule() throws Exception {
    assertThat(render(TemplateNames.DEFINITION, Specs.spec("agentId", "bytes-agent", "organizations", List.of("org-a"))))
        .isEqualTo(expected("definition-defaults.yaml"));
  }

  private static String render(String template, AgentSpec spec) throws Exception {
    return Templates.bundled().render(template, TemplateModels.of(spec, null), List.of());
  }

  private static String expected(String name) throws IOException {
    try (InputStream in = BundledTemplateBytesTest.class.getResourceAsStream("/rendered/" + name)) {
      assertThat(in).as("test resource rendered/%s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
