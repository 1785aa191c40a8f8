package io.agentkit.it.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.contract.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chart itself, checked by the real helm 3.18 and helm 4.1: lint, schema, install-time errors, checksums, PDB. */
class HelmChartIT {

  @TempDir Path dir;

  private Helm helm(String major) throws Exception {
    return major.equals("3") ? Helm.of("helm3", Tools.helm3(), dir) : Helm.of("helm4", Tools.helm4(), dir);
  }

  private Path source() {
    return Path.of(System.getProperty("agentkit.chartSource"));
  }

  private Path packaged(Map<String, Object> settings) throws Exception {
    return ChartFixture.of(dir.resolve("fixture"), settings).packageChart("1.2.3").archive();
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void lintStrictIsCleanOnTheSourceAndThePackagedChart(String major) throws Exception {
    Helm helm = helm(major);
    Path tgz = packaged(Map.of("organizations", java.util.List.of("example-org")));
    for (String[] args : new String[][] {
        {"lint", "--strict", source().toString()},
        {"lint", "--strict", source().toString(), "--values", source().resolve("ci/lint-values.yaml").toString()},
        {"lint", "--strict", source().toString(), "--values", source().resolve("ci/vendor-65532-values.yaml").toString()},
        {"lint", "--strict", tgz.toString()},
        {"lint", "--strict", tgz.toString(), "--set", "humanitec.existingSecret=agent-key"}}) {
      String out = helm.ok(args);
      assertThat(out).as(String.join(" ", args)).contains("1 chart(s) linted, 0 chart(s) failed").doesNotContain("[WARNING]").doesNotContain("[ERROR]");
    }
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void packagedChartCarriesTheBuildsVersionsAndNoCiValues(String major) throws Exception {
    Helm helm = helm(major);
    Path tgz = packaged(Map.of("organizations", java.util.List.of("example-org")));
    String chart = helm.ok("show", "chart", tgz.toString());
    assertThat(chart).contains("version: 1.2.3").contains("appVersion: " + io.agentkit.contract.env.AgentBuild.current().imageTag());
    String values = helm.ok("show", "values", tgz.toString());
    assertThat(values).contains("org: example-org").contains("repository: " + io.agentkit.contract.env.AgentBuild.current().imageRepository())
        .contains("# -- Agent image repository.");
    assertThat(io.agentkit.it.chart.Archives.entries(Files.readAllBytes(tgz))).noneMatch(e -> e.contains("/ci/"));
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void installWithoutOrganizationOrKeyFailsSayingWhatToSet(String major) throws Exception {
    Helm helm = helm(major);
    Path chart = source();
    assertThat(helm.fails("template", "humanitec-agent", chart.toString(), "--set", "humanitec.existingSecret=s"))
        .contains("humanitec.org is required").contains("--set humanitec.org=");
    assertThat(helm.fails("template", "humanitec-agent", chart.toString(), "--set", "humanitec.org=my-org"))
        .contains("the agent needs its private key").contains("--set-file humanitec.privateKey=").contains("humanitec.existingSecret");
    Path key = dir.resolve("k.pem");
    Files.writeString(key, TestKeys.pkcs8Pem(TestKeys.rsa4096()));
    assertThat(helm.fails("template", "humanitec-agent", chart.toString(), "--set", "humanitec.org=my-org", "--set", "humanitec.existingSecret=s",
        "--set-file", "humanitec.privateKey=" + key)).contains("are both set");
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void aValueThatIsNotAKeyIsRefusedWithoutEchoingIt(String major) throws Exception {
    Proc.Result r = helm(major).run("template", "x", source().toString(), "--set", "humanitec.org=my-org", "--set", "humanitec.privateKey=SECRETVALUE123");
    assertThat(r.exit()).as("helm's error exit").isEqualTo(1);
    assertThat(r.all()).contains("not a PEM private key").doesNotContain("SECRETVALUE123");
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void schemaRejectsWrongTypesAndUnknownKeys(String major) throws Exception {
    Helm helm = helm(major);
    String chart = source().toString();
    String[][] bad = {
        {"replicaCount=three", "replicaCount"},
        {"replicaCout=2", "replicaCout"},
        {"humanitec.orgs=my-org", "orgs"},
        {"logLevel=TRACE", "logLevel"},
        {"image.pullPolicy=Sometimes", "pullPolicy"},
        {"resources.limits.memory=256MB", "memory"},
        {"privateKeyFile=keys.pem", "privateKeyFile"},
        {"serviceAccount.automount=yes-please", "automount"},
        {"humanitec.org=Not_An_Org", "org"},
        {"image.repository=ghcr.io/X/Agent", "repository"},
        {"allowedTargets={db}", "allowedTargets"},
        {"revisionHistoryLimit=-1", "revisionHistoryLimit"},
        {"networkPolicy.enable=true", "enable"},
        {"podSecurityContext.runAsUser=0", "runAsUser"}};
    for (String[] c : bad) {
      Proc.Result r = helm.run("template", "humanitec-agent", chart, "--set", "humanitec.existingSecret=s", "--set", c[0]);
      assertThat(r.exit()).as(c[0]).isEqualTo(1);
      assertThat(r.err()).as(c[0]).contains("schema").contains(c[1]);
    }
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void redefiningAChartVariableInExtraEnvFails(String major) throws Exception {
    assertThat(helm(major).fails("template", "humanitec-agent", source().toString(), "--set", "humanitec.org=o", "--set", "humanitec.existingSecret=s",
        "--set", "extraEnv.ORGS=other")).contains("extraEnv.ORGS redefines a variable");
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void aRotatedKeyOrChangedSettingChangesThePodTemplateSoThePodsRoll(String major) throws Exception {
    Helm helm = helm(major);
    Path keyA = dir.resolve("a.pem");
    Path keyB = dir.resolve("b.pem");
    Files.writeString(keyA, TestKeys.pkcs8Pem(TestKeys.rsa4096()));
    Files.writeString(keyB, TestKeys.pkcs8Pem(TestKeys.rsa("rotated", 4096)));
    String a1 = annotations(helm.ok("template", "humanitec-agent", source().toString(), "--set", "humanitec.org=o", "--set-file", "humanitec.privateKey=" + keyA));
    String a2 = annotations(helm.ok("template", "humanitec-agent", source().toString(), "--set", "humanitec.org=o", "--set-file", "humanitec.privateKey=" + keyA));
    String b = annotations(helm.ok("template", "humanitec-agent", source().toString(), "--set", "humanitec.org=o", "--set-file", "humanitec.privateKey=" + keyB));
    String c = annotations(helm.ok("template", "humanitec-agent", source().toString(), "--set", "humanitec.org=o2", "--set-file", "humanitec.privateKey=" + keyA));
    assertThat(a1).isEqualTo(a2).contains("checksum/secret").contains("checksum/config");
    assertThat(line(b, "checksum/secret")).isNotEqualTo(line(a1, "checksum/secret"));
    assertThat(line(b, "checksum/config")).isEqualTo(line(a1, "checksum/config"));
    assertThat(line(c, "checksum/config")).isNotEqualTo(line(a1, "checksum/config"));
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void podDisruptionBudgetOnlyWithSeveralReplicas(String major) throws Exception {
    Helm helm = helm(major);
    String one = helm.ok("template", "humanitec-agent", source().toString(), "--set", "humanitec.org=o", "--set", "humanitec.existingSecret=s");
    String three = helm.ok("template", "humanitec-agent", source().toString(), "--set", "humanitec.org=o", "--set", "humanitec.existingSecret=s",
        "--set", "replicaCount=3");
    assertThat(Manifests.parse(one)).noneMatch(o -> o.path("kind").asText().equals("PodDisruptionBudget"));
    assertThat(Manifests.parse(three)).anyMatch(o -> o.path("kind").asText().equals("PodDisruptionBudget")
        && o.path("spec").path("maxUnavailable").asInt() == 1
        && o.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/instance").asText().equals("humanitec-agent"));
    Manifests.validateStrictly(three);
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> sharedRules() {
    return io.agentkit.core.settings.ChartRuleCases.SHARED.stream()
        .flatMap(rule -> java.util.stream.Stream.of("3", "4").map(major -> org.junit.jupiter.params.provider.Arguments.of(rule, major)));
  }

  /** Each rule the plugin's settings share with the chart (ChartContractTest checks the plugin side) fails the real helm install too. */
  @ParameterizedTest(name = "{0} on helm {1}")
  @org.junit.jupiter.params.provider.MethodSource("sharedRules")
  void theChartRefusesWhatThePluginRefuses(io.agentkit.core.settings.ChartRuleCases.Shared rule, String major) throws Exception {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("template", "humanitec-agent", source().toString()));
    rule.helmSets().forEach(set -> args.addAll(java.util.List.of("--set", set)));
    Proc.Result r = helm(major).run(args.toArray(String[]::new));
    assertThat(r.exit()).as(rule.name()).isNotZero();
    assertThat(r.err()).as(rule.name()).contains(rule.chartMessage());
  }

  @org.junit.jupiter.api.Test
  void notesTellHowToVerifyTheInstallationWithTheRealNames() throws Exception {
    // helm 3 needs a cluster even for a client-side dry run; helm 4 renders NOTES without one.
    String out = helm("4").ok("install", "humanitec-agent", source().toString(), "--dry-run=client", "--namespace", "humanitec-agent",
        "--set", "humanitec.org=my-org", "--set", "humanitec.existingSecret=agent-key");
    assertThat(out).contains("kubectl get pods -n humanitec-agent -l app.kubernetes.io/name=humanitec-agent,app.kubernetes.io/instance=humanitec-agent")
        .contains("kubectl logs -n humanitec-agent -l app.kubernetes.io/name=humanitec-agent,app.kubernetes.io/instance=humanitec-agent")
        .contains("Connected to websocket tunnel").contains("your Secret agent-key")
        .contains("Tunnel:        wss://agent-01.humanitec.io/tunnel (the agent's default, Humanitec's endpoint)")
        .contains("Humanitec's agent image (ghcr.io/humanitec/agent) talks to Humanitec's Platform Orchestrator; agent-kit's agent image talks only to agent-kit's orchestrator");
  }

  private static String annotations(String rendered) {
    return rendered.lines().filter(l -> l.contains("checksum/")).reduce("", (x, y) -> x + y + "\n");
  }

  private static String line(String text, String key) {
    return text.lines().filter(l -> l.contains(key)).findFirst().orElseThrow();
  }

}
