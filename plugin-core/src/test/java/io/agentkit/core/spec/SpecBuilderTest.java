package io.agentkit.core.spec;

import static io.agentkit.core.Specs.map;
import static io.agentkit.core.settings.Settings.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.env.LogLevel;
import io.agentkit.core.Specs;
import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.settings.Purpose;
import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.settings.SpecInput;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecBuilderTest {

  @Test
  void defaultsAreTheGuides() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "prod-eu", "organizations", List.of("my-org"));
    assertThat(spec.name()).isEqualTo("humanitec-agent");
    assertThat(spec.namespace()).isEqualTo("humanitec-agent");
    assertThat(spec.get(REPLICAS)).isEqualTo(1);
    assertThat(List.of(spec.get(CPU_REQUEST), spec.get(MEMORY_REQUEST), spec.get(CPU_LIMIT), spec.get(MEMORY_LIMIT)))
        .containsExactly("0.025", "64Mi", "0.250", "256Mi");
    assertThat(spec.connectionId()).isEqualTo(new ConnectionId.PodName());
    assertThat(spec.get(PRIVATE_KEY_FILE)).isEqualTo(AgentEnv.DEFAULT_PRIVATE_KEY_FILE);
    assertThat(spec.keyMountPath()).isEqualTo("/keys");
    assertThat(spec.keyFileName()).isEqualTo("private_key.pem");
    assertThat(spec.configMapName()).isEqualTo("humanitec-agent-configmap-env");
    assertThat(spec.secretName()).isEqualTo("humanitec-agent-secret-private-key");
    assertThat(spec.secretKey()).isEqualTo("private_key");
    assertThat(spec.image()).isEqualTo(Specs.TEST_IMAGE);
    assertThat(spec.agentEnvironment()).containsExactly(Map.entry("ORGS", "my-org"));
    assertThat(spec.get(ACI_CPU)).isEqualByComparingTo("0.05");
    assertThat(spec.get(ACI_MEMORY_IN_GB)).isEqualByComparingTo("0.1");
    assertThat(spec.get(ACI_RESTART_POLICY)).isEqualTo("Always");
    assertThat(spec.get(DESCRIPTION)).isEqualTo("Humanitec Agent prod-eu");
    assertThat(spec.get(DEFINITION_ID)).isEqualTo("prod-eu");
    assertThat(spec.get(DEFINITION_NAME)).isEqualTo("prod-eu");
    assertThat(spec.get(DEFINITION_CRITERIA)).containsExactly(Map.of("env_type", "development", "res_id", "agent"));
  }

  static Stream<Setting<?>> settings() {
    return Settings.ALL.stream();
  }

  /** Every setting's declared example is accepted and is what the spec then holds (apart from its typed form). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void everySettingAcceptsItsExample(Setting<?> setting) throws Exception {
    SpecInput in = Specs.input("agentId", "prod-eu", "organizations", "my-org");
    setting.exampleContext().forEach((path, value) -> in.set(path, value, Specs.ORIGIN));
    in.set(setting.path(), setting.example(), Specs.ORIGIN);
    AgentSpec spec = new SpecBuilder(Specs.TEST_IMAGE).build(in, Purpose.AGENT);
    assertThat(spec.get(setting)).as(setting.path()).isNotNull();
    assertThat(spec.values().isConfigured(setting)).isTrue();
  }

  /** Every declared invalid value is refused, naming the setting as the user wrote it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void everySettingRefusesItsInvalidExampleNamingTheSetting(Setting<?> setting) {
    if (setting.invalidExample() == null) {
      assertThat(setting.kind()).as(setting.path() + " declares no invalid value: every value of its kind must be valid")
          .isIn(io.agentkit.core.settings.Kind.FILE, io.agentkit.core.settings.Kind.TEXT);
      return;
    }
    SpecInput in = Specs.input("agentId", "prod-eu", "organizations", "my-org");
    setting.exampleContext().forEach((path, value) -> in.set(path, value, Specs.ORIGIN));
    in.set(setting.path(), setting.invalidExample(), Specs.ORIGIN);
    assertThatThrownBy(() -> new SpecBuilder(Specs.TEST_IMAGE).build(in, Purpose.AGENT)).isInstanceOf(InvalidSpecException.class)
        .satisfies(e -> assertThat(((InvalidSpecException) e).problems()).extracting(p -> p.setting())
            .allMatch(s -> s.startsWith("setting " + setting.path())));
  }

  @Test
  void organizationsJoinIntoOrgsAndAcceptACommaSeparatedProperty() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "prod-eu", "organizations", "org-a, org-b");
    assertThat(spec.orgsValue()).isEqualTo("org-a,org-b");
    assertProblems(Specs.input("agentId", "prod-eu", "organizations", "org-a,,org-a"), "contains an empty entry", "'org-a' is listed twice");
  }

  @Test
  void settingsThatDifferFromTheAgentsDefaultsGoIntoTheEnvironment() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "prod-eu", "organizations", List.of("o"), "logLevel", "WARN", "privateKeyFile", "/etc/agent/key.pem",
        "tunnelUrl", "wss://tunnel.example.com/t", "extraEnv", map("HTTPS_PROXY", "http://proxy:3128"));
    assertThat(spec.agentEnvironment()).containsExactly(
        Map.entry("ORGS", "o"), Map.entry("PRIVATE_KEY_FILE", "/etc/agent/key.pem"), Map.entry("LOG_LEVEL", "WARN"),
        Map.entry("TUNNEL_URL", "wss://tunnel.example.com/t"), Map.entry("HTTPS_PROXY", "http://proxy:3128"));
    assertThat(spec.get(LOG_LEVEL)).isEqualTo(LogLevel.WARN);
    assertThat(spec.keyMountPath()).isEqualTo("/etc/agent");
    assertThat(Specs.spec("agentId", "ab", "organizations", "o", "privateKeyFile", AgentEnv.DEFAULT_PRIVATE_KEY_FILE).agentEnvironment())
        .as("the agent's own default is not repeated").containsOnlyKeys("ORGS");
  }

  @Test
  void connectionIdCanBeFixedOrNone() throws Exception {
    assertThat(Specs.spec("agentId", "ab", "organizations", "o", "connectionId", "replica-a").connectionId()).isEqualTo(new ConnectionId.Fixed("replica-a"));
    assertThat(Specs.spec("agentId", "ab", "organizations", "o", "connectionIdFromPodName", false).connectionId()).isEqualTo(new ConnectionId.None());
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "connectionId", "x", "replicas", "3"), "setting connectionId: is a fixed id shared by 3 replicas");
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "connectionId", "x", "connectionIdFromPodName", true),
        "setting connectionId: is set together with connectionIdFromPodName=true");
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
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "extraEnv", map("CONNECTION_ID", "x")),
        "CONNECTION_ID has its own setting; use connectionId instead of extraEnv");
  }

  @Test
  void agentVariablesWithoutASettingGoThroughExtraEnv() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "ab", "organizations", "o", "extraEnv", map(AgentEnv.TUNNEL_CA_BUNDLE, "/ca/bundle.pem",
        AgentEnv.SHUTDOWN_GRACE_SECONDS, "20"));
    assertThat(spec.agentEnvironment()).containsEntry("TUNNEL_CA_BUNDLE", "/ca/bundle.pem").containsEntry("SHUTDOWN_GRACE_SECONDS", "20");
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
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "tolerations", "{key: a}"), "setting tolerations: expected a list of tolerations, got a mapping");
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "affinity", "nodeAffinity: {requiredDuringScheduling: {}}"),
        "setting affinity: at nodeAffinity.requiredDuringScheduling: unknown field");
  }

  @Test
  void trimmedPomYamlListIsRepaired() throws Exception {
    // What Maven hands over for an indented <tolerations> block: the first line lost its indentation.
    String trimmed = "- key: dedicated\n              operator: Exists\n            - key: spot\n              operator: Exists";
    AgentSpec spec = Specs.spec("agentId", "ab", "organizations", "o", "tolerations", trimmed);
    assertThat((List<?>) spec.get(TOLERATIONS)).hasSize(2);
  }

  @Test
  void labelsAndSelectorLabelsAreValidated() {
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "podLabels", map("app.kubernetes.io/instance", "x")),
        "app.kubernetes.io/instance is a selector label the Deployment sets itself");
    assertProblems(Specs.input("agentId", "ab", "organizations", "o", "nodeSelector", map("bad key!", "x")), "'bad key!' is not a valid label key");
  }

  @Test
  void aciLocationIsRequiredOnlyForAci() throws Exception {
    assertThat(Specs.spec("agentId", "ab", "organizations", "o").get(ACI_LOCATION)).as("not required outside ACI").isNull();
    assertThatThrownBy(() -> Specs.aciSpec("agentId", "ab", "organizations", "o", "tunnelUrl", "wss://t.example.com/t"))
        .hasMessageContaining("setting aci.location: is required for Azure Container Instances");
    assertThat(Specs.aciSpec("agentId", "ab", "organizations", "o", "aci.location", "westeurope", "aci.cpu", "0.5", "tunnelUrl", "wss://t.example.com/t")
        .get(ACI_CPU))
        .isEqualByComparingTo(new BigDecimal("0.5"));
  }

  @Test
  void chartDefaultsNeedNoAgentIdOrOrganization() throws Exception {
    AgentSpec defaults = new SpecBuilder(Specs.TEST_IMAGE).buildChartDefaults(Specs.input("logLevel", "DEBUG", "tunnelUrl", "wss://t.example.com/t"));
    assertThat(defaults.agentId()).isNull();
    assertThat(defaults.organizations()).isEmpty();
    assertThat(defaults.get(DESCRIPTION)).isNull();
    assertThat(defaults.get(LOG_LEVEL)).isEqualTo(LogLevel.DEBUG);
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
    assertThat(spec.get(REPLICAS)).isEqualTo(3);
    assertThat(spec.image()).isEqualTo("registry/agent:1");
  }

  private static void assertProblems(SpecInput in, String... messages) {
    var assertion = assertThatThrownBy(() -> new SpecBuilder("img:1").build(in)).isInstanceOf(InvalidSpecException.class);
    for (String m : messages) {
      assertion.hasMessageContaining(m);
    }
  }
}
