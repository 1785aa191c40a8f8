package io.agentkit.core.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The raw settings of one agent before validation, each remembering its origin. Built by the POM
 * adapter or a spec file; {@link #overlay} layers a spec file over the POM's fleet-wide settings.
 */
public final class SpecInput {

  /** A raw value: String, Boolean, Number, List or Map, as the source produced it. */
  public record Value(Object raw, Origin origin) {}

  private final Map<String, Value> values = new LinkedHashMap<>();
  private final String name;
  private final Origin origin;

  /**
   * @param name what this input is, for messages ("pom.xml", "specs/prod.yaml")
   * @param origin names settings that are missing from this input
   */
  public SpecInput(String name, Origin origin) {
    this.name = name;
    this.origin = origin;
  }

  public String name() {
    return name;
  }

  /** The origin that names a setting this input lacks. */
  public Origin origin() {
    return origin;
  }

  /** The value's own origin, or this input's for unset settings. */
  public Origin originOf(String path) {
    Value v = values.get(path);
    return v == null ? origin : v.origin();
  }

  /** Sets {@code path} unless {@code raw} is null or an empty string/collection. */
  public SpecInput set(String path, Object raw, Origin origin) {
    if (!isUnset(raw)) {
      values.put(path, new Value(raw, origin));
    }
    return this;
  }

  public Optional<Value> get(String path) {
    return Optional.ofNullable(values.get(path));
  }

  public boolean isSet(String path) {
    return values.containsKey(path);
  }

  public Map<String, Value> values() {
    return Collections.unmodifiableMap(values);
  }

  /** This input's settings with {@code top}'s winning where both are set; the result takes top's name. */
  public SpecInput overlay(SpecInput top) {
    SpecInput merged = new SpecInput(top.name, top.origin);
    merged.values.putAll(values);
    merged.values.putAll(top.values);
    return merged;
  }

  private static boolean isUnset(Object raw) {
    return raw == null
        || (raw instanceof String s && s.isEmpty())
        || (raw instanceof java.util.Collection<?> c && c.isEmpty())
        || (raw instanceof Map<?, ?> m && m.isEmpty());
  }
}
