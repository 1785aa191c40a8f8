package io.agentkit.maven;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One matching rule of the resource definition, in the POM:
 * {@code <criterion><envType>development</envType><resId>agent</resId></criterion>}. Unset fields
 * match anything.
 */
public class Criterion {

  /** Environment type, e.g. {@code development}. */
  private String envType;

  /** Environment id. */
  private String envId;

  /** Application id. */
  private String appId;

  /** Resource id, e.g. {@code agent}. */
  private String resId;

  /** Resource class ({@code class} in the API; a Java keyword, hence the name). */
  private String resourceClass;

  /** The rule with the Agent API's keys. */
  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "env_type", envType);
    put(m, "env_id", envId);
    put(m, "app_id", appId);
    put(m, "res_id", resId);
    put(m, "class", resourceClass);
    return m;
  }

  private static void put(Map<String, Object> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
