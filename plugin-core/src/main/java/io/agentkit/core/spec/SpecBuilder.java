package io.agentkit.core.spec;

import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.settings.Purpose;
import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.SettingValues;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.settings.SpecInput;
import io.agentkit.core.settings.SpecReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a {@link SpecInput} and builds the {@link AgentSpec}, reporting every problem at once.
 * Each setting is read by its own rule from the {@link Settings} table; what involves several
 * settings is checked by area, in the {@link SpecCheck}s below.
 */
public final class SpecBuilder {

  /** Checks that involve several settings, by area. */
  private static final List<SpecCheck> CHECKS =
      List.of(
          new WorkloadChecks(),
          new EnvironmentChecks(),
          new PodChecks(),
          new VolumeChecks(),
          new NetworkPolicyChecks(),
          new ImageChecks(),
          new SecretChecks());

  private final String defaultImage;

  /** @param defaultImage the image used when the spec names none: this build's own agent image */
  public SpecBuilder(String defaultImage) {
    this.defaultImage = defaultImage;
  }

  /** An agent for its keys and resource definition. */
  public AgentSpec build(SpecInput input) throws InvalidSpecException {
    return build(input, Purpose.AGENT);
  }

  /** As {@link #build}, and the ACI location, which only the ACI output needs, is required. */
  public AgentSpec buildForAci(SpecInput input) throws InvalidSpecException {
    return build(input, Purpose.ACI);
  }

  /**
   * The settings a chart takes as value defaults, validated as for an agent; no agent id (a chart
   * serves any agent) and no organization are required.
   */
  public AgentSpec buildChartDefaults(SpecInput input) throws InvalidSpecException {
    return build(input, Purpose.CHART);
  }

  public AgentSpec build(SpecInput input, Purpose purpose) throws InvalidSpecException {
    SpecReader r = new SpecReader(input);
    SettingValues values = new SettingValues(defaultImage);
    for (Setting<?> setting : Settings.ALL) {
      Object value = setting.rule().read(r, setting.path());
      boolean configured = input.isSet(setting.path());
      if (!configured) {
        value = setting.defaultValue(values);
        if (value == null && setting.isRequiredFor(purpose)) {
          r.problem(setting.path(), setting.requiredProblem(), setting.requiredFix());
        }
      }
      values.put(setting, value, configured);
    }
    List<String> notes = new ArrayList<>();
    for (SpecCheck check : CHECKS) {
      check.check(values, r, purpose, notes);
    }
    if (!r.problems().isEmpty()) {
      throw new InvalidSpecException(input.name(), r.problems());
    }
    return new AgentSpec(input.name(), values, notes);
  }
}
