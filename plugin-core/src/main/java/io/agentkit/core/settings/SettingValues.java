package io.agentkit.core.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Resolved settings: each setting's validated value, or its default, by spec path; absent when unset
 * and without a default. Remembers which settings were configured, because chart defaults are
 * written only for those.
 */
public final class SettingValues {

  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Set<String> configured = new LinkedHashSet<>();

  private final String defaultImage;

  /** @param defaultImage the image of this build, the default of {@link Settings#IMAGE} */
  public SettingValues(String defaultImage) {
    this.defaultImage = defaultImage;
  }

  public String defaultImage() {
    return defaultImage;
  }

  public void put(Setting<?> setting, Object value, boolean wasConfigured) {
    if (value != null) {
      values.put(setting.path(), value);
    }
    if (wasConfigured) {
      configured.add(setting.path());
    }
  }

  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    return (T) values.get(setting.path());
  }

  /** The value at a spec path, for code that works on the table as a whole. */
  public Object get(String path) {
    return values.get(path);
  }

  public boolean isConfigured(Setting<?> setting) {
    return configured.contains(setting.path());
  }

  public boolean isConfigured(String path) {
    return configured.contains(path);
  }

  /** Values by spec path, in table order. */
  public Map<String, Object> asMap() {
    return Collections.unmodifiableMap(values);
  }
}
