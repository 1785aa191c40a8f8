package io.agentkit.core.render;

import io.agentkit.core.chart.ImageReference;
import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.settings.Stage;
import io.agentkit.core.spec.AgentSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which chart values the plugin configuration sets, by each setting's chart mapping in the
 * {@link Settings} table: every setting the build configures explicitly, plus the image, which always
 * names the agent image of this build (or the configured one). Settings left unconfigured keep the
 * chart's own defaults, which tests keep equal to the settings' defaults. The private key is never
 * among them.
 */
public final class ChartValues {

  private ChartValues() {}

  /**
   * @param defaults the build's settings, validated as chart defaults
   * @return value paths (keys from the root of values.yaml) and their values, in table order
   */
  public static Map<List<String>, Object> of(AgentSpec defaults) {
    Map<List<String>, Object> v = new LinkedHashMap<>();
    for (Setting<?> s : Settings.ALL) {
      if (s.chart() != null) {
        s.chart().values(defaults.values()).forEach((path, value) -> v.put(List.of(path.split("\\.")), value));
      }
    }
    return v;
  }

  /** Settings Helm decides at install time, which packaging reports rather than writes. */
  public static List<Setting<?>> installTimeSettings() {
    return Settings.ALL.stream().filter(s -> s.stage() == Stage.INSTALL).toList();
  }

  /** The appVersion: the agent image's tag, or "latest" for an image named by digest only. */
  public static String appVersion(AgentSpec spec) {
    String tag = ImageReference.parse(spec.image()).tag();
    return tag == null ? "latest" : tag;
  }
}
