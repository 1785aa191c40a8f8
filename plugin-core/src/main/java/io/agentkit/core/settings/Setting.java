package io.agentkit.core.settings;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One setting of an agent, declared once in {@link Settings}: everything the plugin, the spec files,
 * the templates and the chart need to know about it. The POM parameter is generated from this
 * declaration, spec files accept its path, the builder applies its rule and default, templates see
 * its value at {@code agent.<path>}, and the chart mapping writes it into {@code values.yaml}. Tests
 * compare the declaration with the chart's values, schema and install-time checks.
 *
 * @param <T> the validated value's type
 */
public final class Setting<T> {

  private final String path;
  private final String parameter;
  private final Kind kind;
  private final Rule<T> rule;
  private final Function<SettingValues, T> defaultValue;
  private final Set<Purpose> requiredFor;
  private final String requiredProblem;
  private final String requiredFix;
  private final Stage stage;
  private final String installForm;
  private final ChartMapping chart;
  private final String notInChart;
  private final String env;
  private final boolean agentKitOnly;
  private final String since;
  private final String doc;
  private final Object example;
  private final Map<String, Object> exampleContext;
  private final Object invalidExample;

  private Setting(Builder<T> b) {
    this.path = b.path;
    this.parameter = b.parameter;
    this.kind = b.kind;
    this.rule = b.rule;
    this.defaultValue = b.defaultValue;
    this.requiredFor = b.requiredFor;
    this.requiredProblem = b.requiredProblem;
    this.requiredFix = b.requiredFix;
    this.stage = b.stage;
    this.installForm = b.installForm;
    this.chart = b.chart;
    this.notInChart = b.notInChart;
    this.env = b.env;
    this.agentKitOnly = b.agentKitOnly;
    this.since = b.since;
    this.doc = b.doc;
    this.example = b.example;
    this.exampleContext = b.exampleContext;
    this.invalidExample = b.invalidExample;
  }

  /** Starts a declaration: the spec-file path (also the template model path under {@code agent}), its form and its rule. */
  static <T> Builder<T> setting(String path, Kind kind, Rule<T> rule) {
    return new Builder<>(path, kind, rule);
  }

  /** Path in a spec file, e.g. {@code resources.limits.memory}; templates see the value at {@code agent.<path>}. */
  public String path() {
    return path;
  }

  /** POM parameter, e.g. {@code memoryLimit}. */
  public String parameter() {
    return parameter;
  }

  /** User property: {@code -Dhumanitec-agent.<parameter>}. */
  public String property() {
    return Settings.PROPERTY_PREFIX + parameter;
  }

  public Kind kind() {
    return kind;
  }

  public Rule<T> rule() {
    return rule;
  }

  /** The value when the setting is not configured; may depend on settings declared before it. Null: unset. */
  public T defaultValue(SettingValues resolved) {
    return defaultValue == null ? null : defaultValue.apply(resolved);
  }

  public boolean isRequiredFor(Purpose purpose) {
    return requiredFor.contains(purpose);
  }

  public String requiredProblem() {
    return requiredProblem;
  }

  public String requiredFix() {
    return requiredFix;
  }

  public Stage stage() {
    return stage;
  }

  /** For an install-time setting: how it is given to Helm instead, e.g. {@code --namespace}. */
  public String installForm() {
    return installForm;
  }

  /** How the setting becomes chart values, or null (see {@link #notInChart()} and {@link #stage()}). */
  public ChartMapping chart() {
    return chart;
  }

  /** Why a render-time setting has no chart value (a chart serves any agent, ACI only, ...), or null. */
  public String notInChart() {
    return notInChart;
  }

  /** The agent variable the setting renders into the agent's environment, or null. */
  public String env() {
    return env;
  }

  /** Only agent-kit's agent reads it; left out for Humanitec's agent image. */
  public boolean agentKitOnly() {
    return agentKitOnly;
  }

  public String since() {
    return since;
  }

  /** The POM parameter's documentation (Javadoc, so {@code {@code}} markup is allowed). */
  public String doc() {
    return doc;
  }

  /** A valid value as a spec file writes it, for tests and docs. */
  public Object example() {
    return example;
  }

  /** Other settings the example needs beside it, by spec path (existingSecretKey needs existingSecret). */
  public Map<String, Object> exampleContext() {
    return exampleContext;
  }

  /** A value the rule refuses, as a spec file writes it, or null when every value of the kind is valid. */
  public Object invalidExample() {
    return invalidExample;
  }

  @Override
  public String toString() {
    return path;
  }

  /** Collects a declaration; {@link #build()} checks it is complete. */
  static final class Builder<T> {
    private final String path;
    private final Kind kind;
    private final Rule<T> rule;
    private String parameter;
    private Function<SettingValues, T> defaultValue;
    private Set<Purpose> requiredFor = EnumSet.noneOf(Purpose.class);
    private String requiredProblem;
    private String requiredFix;
    private Stage stage = Stage.RENDER;
    private String installForm;
    private ChartMapping chart;
    private String notInChart;
    private String env;
    private boolean agentKitOnly;
    private String since;
    private String doc;
    private Object example;
    private Map<String, Object> exampleContext = Map.of();
    private Object invalidExample;

    private Builder(String path, Kind kind, Rule<T> rule) {
      this.path = path;
      this.kind = kind;
      this.rule = rule;
      this.parameter = path.contains(".") ? null : path;
    }

    /** The POM parameter, when it differs from the path (paths with dots need one). */
    Builder<T> parameter(String name) {
      this.parameter = name;
      return this;
    }

    Builder<T> defaultValue(T value) {
      this.defaultValue = v -> value;
      return this;
    }

    /** A default computed from settings declared earlier. */
    Builder<T> defaultFrom(Function<SettingValues, T> f) {
      this.defaultValue = f;
      return this;
    }

    Builder<T> required(String problem, String fix, Purpose first, Purpose... more) {
      this.requiredFor = EnumSet.of(first, more);
      this.requiredProblem = problem;
      this.requiredFix = fix;
      return this;
    }

    /**
     * Chosen when Helm installs the chart (namespace, key), so package-chart reports rather than
     * writes it.
     *
     * @param helmForm how it is given to Helm, e.g. {@code --namespace}
     */
    Builder<T> installTime(String helmForm) {
      this.stage = Stage.INSTALL;
      this.installForm = helmForm;
      return this;
    }

    /** The chart value at {@code dottedPath}, written when the setting is configured. */
    Builder<T> chart(String dottedPath) {
      return chart(ChartMapping.at(dottedPath, this.path));
    }

    Builder<T> chart(ChartMapping mapping) {
      this.chart = mapping;
      return this;
    }

    /** A render-time setting with no chart value, and why. */
    Builder<T> notInChart(String why) {
      this.notInChart = why;
      return this;
    }

    Builder<T> env(String variable) {
      this.env = variable;
      return this;
    }

    Builder<T> agentKitOnly() {
      this.agentKitOnly = true;
      return this;
    }

    Builder<T> doc(String text) {
      this.doc = text;
      return this;
    }

    Builder<T> since(String version) {
      this.since = version;
      return this;
    }

    Builder<T> example(Object valid) {
      this.example = valid;
      return this;
    }

    /** A valid value that only applies together with another setting. */
    Builder<T> example(Object valid, String otherPath, Object otherValue) {
      this.example = valid;
      this.exampleContext = Map.of(otherPath, otherValue);
      return this;
    }

    /** A valid value that only applies together with several other settings. */
    Builder<T> example(Object valid, Map<String, Object> context) {
      this.example = valid;
      this.exampleContext = Map.copyOf(context);
      return this;
    }

    Builder<T> invalid(Object value) {
      this.invalidExample = value;
      return this;
    }

    Setting<T> build() {
      Objects.requireNonNull(parameter, path + ": a path with dots needs a parameter name");
      Objects.requireNonNull(doc, path + ": doc");
      Objects.requireNonNull(since, path + ": since");
      Objects.requireNonNull(example, path + ": example");
      int places = (chart != null ? 1 : 0) + (notInChart != null ? 1 : 0) + (stage == Stage.INSTALL ? 1 : 0);
      if (places != 1) {
        throw new IllegalStateException(path + ": declare exactly one of chart(...), notInChart(...) or installTime()");
      }
      return new Setting<>(this);
    }
  }
}
