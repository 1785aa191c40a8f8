package io.agentkit.core.spec;

import static io.agentkit.core.Specs.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.env.LogLevel;
import io.agentkit.core.Specs;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecBuilderTest {

  @Test
  void defaultsAreTheGuides() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "prod-eu", "organizations", List.of("my-org"));
    assertThat(spec.name()).isEqualTo("humanitec-agent");
    assertThat(spec.namespace()).isEqualTo("humanitec-agent");
    assertThat(spec.replicas()).isEqualTo(1);
    assertThat(spec.resources()).isEqualTo(new ResourceRequirements("0.025", "64Mi", "0.250", "256Mi"));
    assertThat(spec.connectionId()).isEqualTo(new ConnectionId.PodName());
    assertThat(spec.privateKeyFile()).isEqualTo(AgentEnv.DEFAULT_PRIVATE_KEY_FILE);
    assertThat(spec.keyMountPath()).isEqualTo("/keys");
    assertThat(spec.keyFileName()).isEqualTo("private_key.pem");
    assertThat(spec.configMapName()).isEqualTo("humanitec-agent-configmap-env");
    assertThat(spec.secretName()).isEqualTo("humanitec-agent-secret-private-key");
    assertThat(spec.image()).isEqualTo(Specs.TEST_IMAGE);
    assertThat(spec.agentEnvironment()).containsExactly(Map.entry("ORGS", "my-org"));
    assertThat(spec.aci().cpu()).isEqualByComparingTo("0.05");
    assertThat(spec.aci().memoryInGB()).isEqualByComparingTo("0.1");
    assertThat(spec.aci().restartPolicy()).isEqualTo("Always");
    assertThat(spec.definition().id()).isEqualTo("prod-eu");
    assertThat(spec.definition().criteria()).containsExactly(Map.of("env_type", "development", "res_id", "agent"));
  }

  @Test
  void organizationsJoinIntoOrgsAndAcceptACommaSeparatedProperty() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "prod-eu", "organizations", "org-a, org-b");
    assertThat(spec.orgsValue()).isEqualTo("org-a,org-b");
  }

  @Test
  void settingsThatDifferFromTheAgentsDefaultsGoIntoTheEnvironment() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "prod-eu", "organizations", List.of("o"), "logLevel", "WARN", "privateKeyFile", "/etc/agent/key.pem",
        "tunnelUrl", "wss://tunnel.example.com/t", "extraEnv", map("HTTPS_PROXY", "http://proxy:3128"));
    assertThat(spec.agentEnvironment()).containsExactly(
        Map.entry("ORGS", "o"), Map.entry("PRIVATE_KEY_FILE", "/etc/agent/key.pem"), Map.entry("LOG_LEVEL", "WARN"),
        Map.entry("TUNNEL_URL", "wss://tunnel.example.com/t"), Map.entry("HTTPS_PROXY", "http://proxy:3128"));
    assertThat(spec.logLevel()).isEqualTo(LogLevel.WARN);
    assertThat(spec.keyMountPath()).isEqualTo("/etc/agent");
  }

  @Test
  void connectionIdCanBeFixedOrNone() throws Exception {
    assertThat(Specs.spec("agentId", "ab", "organizations", "o", "connectionId", "replica-a").connectionId()).isEqualTo(new ConnectionId.Fixed("replica-a"));
    assertThat(Specs.spec("agentId", "ab", "organizations", "o", "connectionIdFromPodName", false).connectionId()).isEqualTo(new ConnectionId.None());
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "connectionId", "x", "replicas", "3"), "setting connectionId: is a fixed id shared by 3 replicas");
  }

  @Test
  void reportsEveryProblemAtOnceNamingSettingValueAndFix() {
    SpecInput in = Specs.input("agentId", "Bad_ID", "logLevel", "TRACE", "resources.limits.memory", "256MB", "replicas", "two",
        "imagePullPolicy", "Sometimes", "namespace", "Humanitec");
    assertThatThrownBy(() -> new SpecBuilder("img:1").build(in))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("7 problems")
        .hasMessageContaining("setting agentId: 'Bad_ID' is not a valid agent id").hasMessageContaining("use 'bad-id'")
        .hasMessageContaining("setting organizations: is required")
        .hasMessageContaining("setting logLevel: 'TRACE' is not a log level of the agent (DEBUG, INFO, WARN or ERROR); use DEBUG")
        .hasMessageContaining("setting resources.limits.memory: '256MB' is not a Kubernetes quantity; write 256Mi (mebibytes) or 256M (megabytes)")
        .hasMessageContaining("setting replicas: expected a whole number, got 'two'")
        .hasMessageContaining("setting imagePullPolicy: 'Sometimes' is not allowed; use one of Always, IfNotPresent, Never")
        .hasMessageContaining("setting namespace: 'Humanitec' is not a valid Kubernetes name");
  }

  @Test
  void quantitiesAreCheckedAgainstEachOther() {
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "resources.requests.memory", "512Mi"),
        "setting resources.requests.memory: '512Mi' is more than the limit '256Mi'");
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "resources.limits.memory", "256m"),
        "'256m' means 0.256 bytes ('m' is milli); write 256Mi");
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "resources.limits.cpu", "-1"), "must be greater than zero");
  }

  @Test
  void reservedEnvironmentNamesPointToTheirSetting() {
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "extraEnv", map("ORGS", "x", "1BAD", "y")),
        "ORGS has its own setting; use organizations instead of extraEnv", "'1BAD' is not a valid environment variable name");
  }

  @Test
  void agentVariablesWithoutASettingGoThroughExtraEnv() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "ab", "organizations", "o", "extraEnv", map(AgentEnv.ALLOWED_TARGETS, "*.svc.cluster.local:443",
        AgentEnv.SHUTDOWN_GRACE_SECONDS, "20"));
    assertThat(spec.agentEnvironment()).containsEntry("ALLOWED_TARGETS", "*.svc.cluster.local:443").containsEntry("SHUTDOWN_GRACE_SECONDS", "20");
  }

  @Test
  void keyFileMustNotHideSystemDirectories() {
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "privateKeyFile", "/etc/key.pem"), "would mount the key volume over /etc");
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "privateKeyFile", "keys/key.pem"), "is not a normalized absolute file path");
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "privateKeyFile", "/key.pem"), "would mount the key volume over /");
  }

  @Test
  void tolerationsAndAffinityAreCheckedAgainstTheKubernetesModel() {
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "tolerations", "[{key: a, opertor: Exists}]"),
        "setting tolerations: at [0].opertor: unknown field \"opertor\"");
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "tolerations", "[{key: a, tolerationSeconds: soon}]"),
        "setting tolerations: at [0].tolerationSeconds: wrong type");
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "affinity", "nodeAffinity: {requiredDuringScheduling: {}}"),
        "setting affinity: at nodeAffinity.requiredDuringScheduling: unknown field");
  }

  @Test
  void trimmedPomYamlListIsRepaired() throws Exception {
    // What Maven hands over for an indented <tolerations> block: the first line lost its indentation.
    String trimmed = "- key: dedicated\n              operator: Exists\n            - key: spot\n              operator: Exists";
    AgentSpec spec = Specs.spec("agentId", "ab", "organizations", "o", "tolerations", trimmed);
    assertThat(spec.tolerations()).hasSize(2);
  }

  @Test
  void labelsAndSelectorLabelsAreValidated() {
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "podLabels", map("app.kubernetes.io/instance", "x")),
        "app.kubernetes.io/instance is a selector label the Deployment sets itself");
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "nodeSelector", map("bad key!", "x")), "'bad key!' is not a valid label key");
  }

  @Test
  void aciLocationIsRequiredOnlyForAci() throws Exception {
    Specs.spec("agentId", "ab", "organizations", "o");
    assertThatThrownBy(() -> Specs.aciSpec("agentId", "ab", "organizations", "o"))
        .hasMessageContaining("setting aci.location: is required for Azure Container Instances");
    assertThat(Specs.aciSpec("agentId", "ab", "organizations", "o", "aci.location", "westeurope", "aci.cpu", "0.5").aci().cpu())
        .isEqualByComparingTo(new BigDecimal("0.5"));
  }

  @Test
  void criteriaKeysAreTheApis() {
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "definition.criteria", List.of(map("environment", "dev"))),
        "entry 0 has an unknown key 'environment'; use app_id, class, env_id, env_type, res_id");
  }

  @Test
  void existingSecretKeyNeedsExistingSecret() {
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "existingSecretKey", "pem"), "only applies together with existingSecret");
  }

  @Test
  void overlayLetsTheSpecFileWin() throws Exception {
    SpecInput base = Specs.input("organizations", "fleet-org", "replicas", "2", "image", "registry/agent:1");
    SpecInput file = Specs.input("agentId", "one", "replicas", 3);
    AgentSpec spec = new SpecBuilder("x:1").build(base.overlay(file));
    assertThat(spec.orgsValue()).isEqualTo("fleet-org");
    assertThat(spec.replicas()).isEqualTo(3);
    assertThat(spec.image()).isEqualTo("registry/agent:1");
  }

  private static void assertProblems(SpecInput in, String... messages) {
    var assertion = assertThatThrownBy(() -> new SpecBuilder("img:1").build(in)).isInstanceOf(InvalidSpecException.class);
    for (String m : messages) {
      assertion.hasMessageContaining(m);
    }
  }
}
