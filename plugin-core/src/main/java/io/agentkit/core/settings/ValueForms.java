package io.agentkit.core.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The forms a validated value takes outside Java: in templates and chart values, and in an environment variable. */
public final class ValueForms {

  private ValueForms() {}

  /** Plain data (text, numbers, booleans, lists, maps), as templates and values.yaml hold it. */
  public static Object plain(Object value) {
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (value instanceof Path p) {
      return p.toString();
    }
    return value;
  }

  /** An environment variable's value: lists joined by commas, as the agent reads them. */
  public static String env(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    return String.valueOf(plain(value));
  }
}
