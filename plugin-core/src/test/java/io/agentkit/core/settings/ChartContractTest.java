package io.agentkit.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.env.TargetPattern;
import io.agentkit.contract.testing.TargetPatternCases;
import io.agentkit.core.Specs;
import io.agentkit.core.chart.ChartException;
import io.agentkit.core.chart.ChartFiles;
import io.agentkit.core.chart.ValuesSchema;
import io.agentkit.core.chart.YamlEditor;
import io.agentkit.core.render.ChartValues;
import io.agentkit.core.spec.SpecBuilder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The settings table against the chart: values.yaml, values.schema.json and _helpers.tpl. Adding a
 * setting without its chart value, a chart value without a setting, a default that differs, a schema
 * that lets through what the plugin refuses, or a shared fact that drifts fails here, naming it.
 */
class ChartContractTest {

  /**
   * Values of the chart that no setting writes, and why. Everything else in values.yaml must be some
   * setting's chart value.
   */
  static final Map<String, String> CHART_ONLY = Map.ofEntries(
      Map.entry("humanitec.privateKey", "the key is given at install time; a chart never holds one"),
      Map.entry("podSecurityContext.fsGroupChangePolicy", "the guide's pod security context, for Helm users to adjust"),
      Map.entry("podSecurityContext.runAsNonRoot", "the guide's pod security context, for Helm users to adjust"),
      Map.entry("podSecurityContext.seccompProfile", "the guide's pod security context, for Helm users to adjust"),
      Map.entry("humanitec.sealedSecret", "the sealed key belongs to one agent: render-manifests writes it into that agent's helm-values.yaml"),
      Map.entry("securityContext", "the guide's container security context, for Helm users to adjust"),
      Map.entry("topologySpreadConstraints", "Helm practice; render-manifests users write their own"),
      Map.entry("priorityClassName", "Helm practice; render-manifests users write their own"),
      Map.entry("serviceAccount", "the agent does not use the Kubernetes API; Helm practice"),
      Map.entry("podDisruptionBudget", "only Helm renders one (docs/chart.md lists the differences)"),
      Map.entry("nameOverride", "Helm naming; the plugin's name maps to fullnameOverride"));

  /** Settings whose invalid values the schema lets through: Kubernetes checks these objects when the release is applied. */
  static final Set<String> LEFT_TO_KUBERNETES = Set.of("tolerations", "affinity", "strategy", "extraVolumes", "extraVolumeMounts", "extraEnvFrom");

  static BundledChart chart;

  @BeforeAll
  static void read() throws Exception {
    chart = new BundledChart();
  }

  static Stream<Setting<?>> chartSettings() {
    return Settings.ALL.stream().filter(s -> s.chart() != null);
  }

  /** The schema's targetPattern against the parser the agent and the plugin read ALLOWED_TARGETS with, on one list of cases. */
  @Test
  void theSchemaTakesTheTargetPatternsTheAgentReads() {
    java.util.regex.Pattern schema = java.util.regex.Pattern.compile(chart.schema.path("definitions").path("targetPattern").path("pattern").asText());
    for (String valid : TargetPatternCases.VALID) {
      assertThat(TargetPattern.parse(valid)).as(valid).isNotNull();
      assertThat(schema.matcher(valid).find()).as("the schema takes %s", valid).isTrue();
    }
    for (List<String> invalid : TargetPatternCases.INVALID) {
      String pattern = invalid.get(0);
      assertThatThrownBy(() -> TargetPattern.parse(pattern)).as(pattern).isInstanceOf(TargetPattern.InvalidPatternException.class);
      assertThat(schema.matcher(pattern).find()).as("the schema %s %s", TargetPatternCases.PAST_A_REGEX.contains(pattern) ? "takes" : "refuses", pattern)
          .isEqualTo(TargetPatternCases.PAST_A_REGEX.contains(pattern));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chartSettings")
  void everyChartValueOfASettingIsInValuesYamlAndTheSchema(Setting<?> setting) {
    for (String path : setting.chart().paths()) {
      assertThat(chart.value(path).isMissingNode()).as(path + " (of " + setting + ") in values.yaml").isFalse();
      assertThat(chart.schemaOf(path)).as(path + " (of " + setting + ") in values.schema.json").isNotNull();
    }
  }

  @Test
  void everyValueInValuesYamlBelongsToASettingOrIsDeclaredChartOnly() {
    Set<String> written = new TreeSet<>();
    chartSettings().forEach(s -> written.addAll(s.chart().paths()));
    List<String> orphans = new ArrayList<>();
    collectLeaves(chart.values, "", written, orphans);
    assertThat(orphans).as("values.yaml keys that are neither a setting's chart value nor in CHART_ONLY").isEmpty();
  }

  /** The chart's defaults are the settings' defaults, so a chart packaged without a setting behaves as render-manifests does. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("chartSettings")
  void valuesYamlDefaultsAreTheSettingsDefaults(Setting<?> setting) throws Exception {
    if (setting.chart().isAlways()) {
      // The image: the chart source carries the installation guide's image so that it lints and installs
      // as it is; package-chart always writes the build's (HelmChartIT checks the packaged chart).
      return;
    }
    SettingValues defaults = new SpecBuilder(Specs.TEST_IMAGE).buildChartDefaults(chartInput()).values();
    Object value = defaults.get(setting);
    if (value == null) {
      for (String path : setting.chart().paths()) {
        JsonNode v = chart.value(path);
        assertThat(v.isNull() || v.isBoolean() && !v.asBoolean() || v.isContainerNode() && v.isEmpty() || v.isTextual() && v.asText().isEmpty())
            .as(path + " of " + setting + ", which has no default, is empty in values.yaml: " + v).isTrue();
      }
      return;
    }
    SettingValues configured = new SettingValues(Specs.TEST_IMAGE);
    Settings.ALL.forEach(s -> configured.put(s, defaults.get(s), s == setting));
    ObjectMapper json = new ObjectMapper();
    setting.chart().values(configured).forEach((path, v) ->
        assertThat(chart.value(path)).as(path + " in values.yaml is the default of " + setting).isEqualTo(json.valueToTree(v)));
  }

  /** The schema accepts every setting's example as package-chart writes it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("chartSettings")
  void theSchemaAcceptsEverySettingsExample(Setting<?> setting) throws Exception {
    SpecInput in = chartInput();
    setting.exampleContext().forEach((p, v) -> in.set(p, v, Specs.ORIGIN));
    in.set(setting.path(), setting.example(), Specs.ORIGIN);
    validate(ChartValues.of(new SpecBuilder(Specs.TEST_IMAGE).buildChartDefaults(in)));
  }

  /** The schema refuses what a setting's rule refuses, for values written as they are. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("chartSettings")
  void theSchemaRefusesWhatTheSettingRefuses(Setting<?> setting) {
    if (setting.invalidExample() == null || !setting.chart().isDirect() || LEFT_TO_KUBERNETES.contains(setting.path())) {
      return;
    }
    Map<List<String>, Object> values = new LinkedHashMap<>();
    values.put(List.of(setting.chart().paths().get(0).split("\\.")), setting.invalidExample());
    assertThatThrownBy(() -> validate(values)).as(setting + " = " + setting.invalidExample()).isInstanceOf(ChartException.class)
        .hasMessageContaining("break values.schema.json");
  }

  @Test
  void theSchemaRefusesWhatComputedSettingsRefuse() {
    assertRefused(Map.of(List.of("humanitec", "org"), "Not_An_Org"));
    assertRefused(Map.of(List.of("humanitec", "org"), List.of("org-a", "org-a")));
    assertRefused(Map.of(List.of("imagePullSecrets"), List.of(Map.of("name", "Reg_Cred"))));
    assertRefused(Map.of(List.of("fullnameOverride"), "Edge_Agent"));
    assertRefused(Map.of(List.of("connectionIdFromPodName"), "sometimes"));
    assertRefused(Map.of(List.of("image", "repository"), "not an image"));
    assertRefused(Map.of(List.of("image", "repository"), "ghcr.io/X/Agent"));
  }

  @Test
  void sharedFactsAreTheJavaDefinitions() throws Exception {
    assertThat(chart.define("humanitec-agent.configMapSuffix")).isEqualTo(ObjectNames.CONFIG_MAP_SUFFIX);
    assertThat(chart.define("humanitec-agent.secretSuffix")).isEqualTo(ObjectNames.SECRET_SUFFIX);
    assertThat(chart.define("humanitec-agent.defaultSecretKey")).isEqualTo(ObjectNames.SECRET_KEY);
    assertThat(chart.define("humanitec-agent.keyVolume")).isEqualTo(ObjectNames.KEY_VOLUME);
    assertThat(chart.define("humanitec-agent.keyFileMode")).isEqualTo(String.valueOf(AgentEnv.PRIVATE_KEY_FILE_MODE));
    assertThat(chart.define("humanitec-agent.defaultPrivateKeyFile")).isEqualTo(AgentEnv.DEFAULT_PRIVATE_KEY_FILE);
    assertThat(chart.define("humanitec-agent.selectorLabels")).contains(ObjectNames.NAME_LABEL + ":", ObjectNames.INSTANCE_LABEL + ":")
        .hasLineCount(2);
    for (String id : List.of("runAsUser", "runAsGroup", "fsGroup")) {
      assertThat(chart.value("podSecurityContext." + id).asInt()).as("podSecurityContext." + id).isEqualTo(AgentEnv.RUN_AS_UID);
    }
    assertThat(chart.value("humanitec.existingSecretKey").asText()).isEqualTo(ObjectNames.SECRET_KEY);
    assertThat(chart.define("humanitec-agent.defaultTunnelUrl")).isEqualTo(AgentEnv.DEFAULT_TUNNEL_URL);
    assertThat(chart.define("humanitec-agent.humanitecRepository")).isEqualTo(AgentImages.HUMANITEC_REPOSITORY);
    // The chart's source carries the guide's image, Humanitec's: repository and appVersion.
    assertThat(chart.value("image.repository").asText() + ":" + chart.metadataAppVersion()).isEqualTo(AgentImages.HUMANITEC);
  }

  /** The chart refuses the variables the plugin refuses in extraEnv, and points to the same setting's chart value. */
  @Test
  void theChartReservesTheSameVariablesAsThePlugin() throws Exception {
    Map<String, String> chartReserved = new LinkedHashMap<>();
    for (String line : chart.define("humanitec-agent.reservedEnv").lines().toList()) {
      String[] kv = line.split(":\\s*", 2);
      chartReserved.put(kv[0], kv[1]);
    }
    Map<String, String> expected = new LinkedHashMap<>();
    for (Setting<?> s : Settings.ALL) {
      if (s.env() != null) {
        expected.put(s.env(), s.chart().paths().get(0));
      }
    }
    expected.put(AgentEnv.CONNECTION_ID, Settings.CONNECTION_ID.chart().paths().get(0));
    assertThat(chartReserved).isEqualTo(expected);
  }

  /** Every install-time check of the chart is a rule the plugin shares (and makes) or a check of the key given to Helm. */
  @Test
  void everyChartCheckIsAccountedFor() {
    for (String message : chart.failMessages()) {
      long shared = ChartRuleCases.SHARED.stream().filter(c -> message.contains(c.chartMessage())).count();
      long chartOnly = ChartRuleCases.CHART_ONLY.keySet().stream().filter(message::contains).count();
      assertThat(shared + chartOnly).as("_helpers.tpl: fail \"" + message + "\" is neither a shared rule nor a chart-only check").isEqualTo(1);
    }
    for (ChartRuleCases.Shared c : ChartRuleCases.SHARED) {
      assertThat(chart.failMessages()).as(c.name()).anyMatch(m -> m.contains(c.chartMessage()));
    }
  }

  static Stream<ChartRuleCases.Shared> sharedRules() {
    return ChartRuleCases.SHARED.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sharedRules")
  void thePluginMakesEverySharedRule(ChartRuleCases.Shared rule) {
    SpecInput in = Specs.input("agentId", "rule-case");
    rule.settings().forEach((p, v) -> in.set(p, v, Specs.ORIGIN));
    assertThatThrownBy(() -> new SpecBuilder(Specs.TEST_IMAGE).build(in)).isInstanceOf(InvalidSpecException.class)
        .satisfies(e -> assertThat(((InvalidSpecException) e).problems()).extracting(SpecProblem::setting).contains("setting " + rule.setting()));
  }

  /** A build that packages agent-kit's agent's chart for installers who set tunnelUrl themselves. */
  private static SpecInput chartInput() {
    return Specs.input("failOnMissingTunnelUrl", false);
  }

  private static void assertRefused(Map<List<String>, Object> values) {
    assertThatThrownBy(() -> validate(values)).as(values.toString()).isInstanceOf(ChartException.class);
  }

  private static void validate(Map<List<String>, Object> values) throws Exception {
    YamlEditor editor = new YamlEditor(chart.files.text(ChartFiles.VALUES_YAML), "values.yaml");
    for (Map.Entry<List<String>, Object> e : values.entrySet()) {
      editor.set(e.getKey(), e.getValue());
    }
    ValuesSchema.validate(chart.files.get(ChartFiles.VALUES_SCHEMA), editor.text(), "bundled chart");
  }

  private static void collectLeaves(JsonNode node, String prefix, Set<String> written, List<String> orphans) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = prefix + e.getKey();
      if (written.contains(path) || CHART_ONLY.containsKey(path)) {
        continue;
      }
      boolean group = written.stream().anyMatch(w -> w.startsWith(path + "."));
      if (group && e.getValue().isObject()) {
        collectLeaves(e.getValue(), path + ".", written, orphans);
      } else {
        orphans.add(path);
      }
    }
  }
}
