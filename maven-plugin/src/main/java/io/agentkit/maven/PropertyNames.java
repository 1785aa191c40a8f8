package io.agentkit.maven;

import io.agentkit.core.settings.Settings;

/**
 * User properties of the plugin: every parameter {@code <x>} can be set with {@code -Dhumanitec-agent.x}.
 * Also maps spec paths to parameter names (from the settings table), so that core errors name the
 * element the user wrote.
 */
public final class PropertyNames {

  public static final String PREFIX = Settings.PROPERTY_PREFIX;

  private PropertyNames() {}

  /** The POM parameter for a spec path (e.g. {@code extraEnv} for {@code extraEnv.FOO}); goal parameters are their own path. */
  public static String parameterFor(String path) {
    return Settings.parameterFor(path);
  }

  public static String property(String parameter) {
    return PREFIX + parameter;
  }
}
