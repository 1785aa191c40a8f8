package io.agentkit.core.settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How a setting becomes chart values: the value paths it writes (from the root of values.yaml) and
 * their values. Written when the setting is configured (settings left out keep the chart's defaults,
 * which tests keep equal to the settings' defaults), when a related setting is configured, or always.
 */
public final class ChartMapping {

  private final String owner;
  private final List<String> paths;
  private final Function<SettingValues, Map<String, Object>> values;
  private final List<String> alsoWhenConfigured;
  private final boolean always;
  private final boolean direct;

  private ChartMapping(String owner, List<String> paths, Function<SettingValues, Map<String, Object>> values, List<String> alsoWhenConfigured,
      boolean always, boolean direct) {
    this.owner = owner;
    this.paths = List.copyOf(paths);
    this.values = values;
    this.alsoWhenConfigured = List.copyOf(alsoWhenConfigured);
    this.always = always;
    this.direct = direct;
  }

  /** The setting's value, as is, at one value path. */
  static ChartMapping at(String valuePath, String settingPath) {
    return new ChartMapping(settingPath, List.of(valuePath), v -> single(valuePath, ValueForms.plain(v.get(settingPath))), List.of(), false, true);
  }

  /**
   * Several value paths computed from the resolved settings.
   *
   * @param valuePaths every path {@code values} may write, for the tests that compare them with values.yaml
   */
  static ChartMapping computed(String settingPath, List<String> valuePaths, Function<SettingValues, Map<String, Object>> values) {
    return new ChartMapping(settingPath, valuePaths, values, List.of(), false, false);
  }

  /** Also written when one of these settings is configured (its value depends on them). */
  ChartMapping alsoWhenConfigured(String... settingPaths) {
    return new ChartMapping(owner, paths, values, List.of(settingPaths), always, direct);
  }

  /** Written even when not configured (the chart's source default is not this build's). */
  ChartMapping always() {
    return new ChartMapping(owner, paths, values, alsoWhenConfigured, true, direct);
  }

  /** Whether the setting's value is written as it is, at one path (so the chart's schema judges the same value). */
  public boolean isDirect() {
    return direct;
  }

  /** Whether it is written even when not configured. */
  public boolean isAlways() {
    return always;
  }

  /** Dotted value paths this mapping may write. */
  public List<String> paths() {
    return paths;
  }

  /** The chart values for these resolved settings; empty when nothing relevant is configured. */
  public Map<String, Object> values(SettingValues resolved) {
    boolean write = always || resolved.isConfigured(owner) || alsoWhenConfigured.stream().anyMatch(resolved::isConfigured);
    if (!write) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    values.apply(resolved).forEach((k, v) -> {
      if (v != null) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static Map<String, Object> single(String path, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(path, value);
    return m;
  }
}
