package io.agentkit.core.spec;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defaults of an agent spec: the values of the installation guide's manifests, so that a spec with
 * only an agent id and an organization renders the guide's objects.
 */
public final class SpecDefaults {

  public static final String NAME = "humanitec-agent";
  public static final String NAMESPACE = "humanitec-agent";
  public static final int REPLICAS = 1;
  // The guide writes CPU as decimal cores; kept verbatim so default output matches it byte for byte.
  public static final String CPU_REQUEST = "0.025";
  public static final String MEMORY_REQUEST = "64Mi";
  public static final String CPU_LIMIT = "0.250";
  public static final String MEMORY_LIMIT = "256Mi";
  public static final String SECRET_KEY = "private_key";
  public static final BigDecimal ACI_CPU = new BigDecimal("0.05");
  public static final BigDecimal ACI_MEMORY_IN_GB = new BigDecimal("0.1");
  public static final String ACI_RESTART_POLICY = "Always";
  public static final List<Map<String, String>> CRITERIA = List.of(criterion("env_type", "development", "res_id", "agent"));

  private SpecDefaults() {}

  private static Map<String, String> criterion(String k1, String v1, String k2, String v2) {
    Map<String, String> rule = new LinkedHashMap<>();
    rule.put(k1, v1);
    rule.put(k2, v2);
    return Collections.unmodifiableMap(rule);
  }

  /** The register request's description when none is configured. */
  public static String description(String agentId) {
    return "Humanitec Agent " + agentId;
  }
}
