package io.agentkit.core.spec;

import static io.agentkit.core.settings.Settings.*;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.core.settings.Purpose;
import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.SettingValues;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.settings.SpecReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The agent's environment: variables with a setting of their own are not set through extraEnv. */
final class EnvironmentChecks implements SpecCheck {

  /**
   * Variables the installation sets itself, and the setting to use for each: every setting's
   * variable, and {@code CONNECTION_ID}, which the Deployment sets per pod. The chart refuses the
   * same names (a test compares them).
   */
  static Map<String, String> reservedVariables() {
    Map<String, String> reserved = new LinkedHashMap<>();
    for (Setting<?> s : Settings.ALL) {
      if (s.env() != null) {
        reserved.put(s.env(), s.parameter());
      }
    }
    reserved.put(AgentEnv.CONNECTION_ID, CONNECTION_ID.parameter());
    return reserved;
  }

  @Override
  public void check(SettingValues v, SpecReader r, Purpose purpose, List<String> notes) {
    Map<String, String> extraEnv = v.get(EXTRA_ENV);
    if (extraEnv == null) {
      return;
    }
    Map<String, String> reserved = reservedVariables();
    for (String name : extraEnv.keySet()) {
      if (reserved.containsKey(name)) {
        r.problem(EXTRA_ENV.path(), name + " has its own setting", "use " + reserved.get(name) + " instead of extraEnv");
      }
    }
  }
}
