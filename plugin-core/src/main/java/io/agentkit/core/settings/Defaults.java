package io.agentkit.core.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defaults of the settings that are the installation guide's values, so that a spec with only an
 * agent id and an organization renders the guide's objects. The chart's values.yaml holds the same
 * defaults; a test compares them.
 */
final class Defaults {

  static final String NAME = "humanitec-agent";
  static final String NAMESPACE = "humanitec-agent";
  // The guide writes CPU as decimal cores; kept verbatim so default output matches it byte for byte.
  static final String CPU_REQUEST = "0.025";
  static final String MEMORY_REQUEST = "64Mi";
  static final String CPU_LIMIT = "0.250";
  static final String MEMORY_LIMIT = "256Mi";
  static final String SECRET_KEY = ObjectNames.SECRET_KEY;
  static final List<Map<String, String>> CRITERIA = List.of(rule("env_type", "development", "res_id", "agent"));

  private Defaults() {}

  private static Map<String, String> rule(String k1, String v1, String k2, String v2) {
    Map<String, String> rule = new LinkedHashMap<>();
    rule.put(k1, v1);
    rule.put(k2, v2);
    return Collections.unmodifiableMap(rule);
  }
}
