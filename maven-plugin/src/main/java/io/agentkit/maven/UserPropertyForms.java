package io.agentkit.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Command-line forms of the parameters Maven cannot take from a {@code -D} property itself: maps
 * ({@code -Dhumanitec-agent.nodeSelector=key=value,key2=value2}) and criteria
 * ({@code -Dhumanitec-agent.criteria=env_type=development,res_id=agent;env_type=staging}). Like any
 * user property, the command line wins over the POM.
 */
final class UserPropertyForms {

  private final Properties userProperties;

  UserPropertyForms(Properties userProperties) {
    this.userProperties = userProperties == null ? new Properties() : userProperties;
  }

  Map<String, String> map(String parameter, Map<String, String> configured) throws MojoFailureException {
    String property = userProperties.getProperty(PropertyNames.property(parameter));
    return property == null ? configured : pairs(parameter, property, "key=value,key2=value2");
  }

  List<Map<String, Object>> criteria(List<Criterion> configured) throws MojoFailureException {
    String property = userProperties.getProperty(PropertyNames.property("criteria"));
    List<Map<String, Object>> rules = new ArrayList<>();
    if (property != null) {
      for (String rule : property.split(";")) {
        if (!rule.isBlank()) {
          rules.add(new LinkedHashMap<>(pairs("criteria", rule, "env_type=development,res_id=agent;env_type=staging")));
        }
      }
    } else if (configured != null) {
      configured.forEach(c -> rules.add(c.toMap()));
    }
    return rules;
  }

  /** Properties have no order; sorting keeps the output byte-stable. */
  static Map<String, String> sorted(Properties p) {
    if (p == null) {
      return null;
    }
    Map<String, String> m = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }

  private static Map<String, String> pairs(String parameter, String text, String example) throws MojoFailureException {
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new MojoFailureException("-D" + PropertyNames.property(parameter) + ": '" + pair + "' is not name=value; write e.g. -D"
            + PropertyNames.property(parameter) + "=" + example);
      }
      parsed.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return parsed;
  }
}
