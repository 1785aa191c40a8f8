package io.agentkit.core.render;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.core.settings.Kind;
import io.agentkit.core.settings.ObjectNames;
import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.settings.ValueForms;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.spec.ConnectionId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data templates see. Everything is computed here in Java (names, env, base64) so templates only
 * lay out values, and a user's replacement template gets the same facts:
 * <ul>
 *   <li>{@code agent}: every setting of the {@link Settings} table at its spec path
 *       ({@code agent.logLevel}, {@code agent.resources.limits.memory}, {@code agent.aci.location});
 *       lists and maps are empty when unset, other unset settings are absent ({@code ??});
 *   <li>{@code derived}: what follows from the settings (object names, the key's mount, how
 *       {@code CONNECTION_ID} is set, the NetworkPolicy's egress rules);
 *   <li>{@code labels}, {@code env} (the agent's environment), {@code aciEnv}, {@code envNames},
 *       {@code security} and, when rendering a key, {@code privateKeyBase64}.
 * </ul>
 */
final class TemplateModels {

  private TemplateModels() {}

  static Map<String, Object> of(AgentSpec spec, byte[] privateKeyPem) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("agent", agent(spec));
    model.put("derived", derived(spec));
    model.put("labels", labels(spec));
    model.put("env", spec.agentEnvironment());
    model.put("aciEnv", aciEnvironment(spec));
    model.put("envNames", Map.of("ORGS", AgentEnv.ORGS, "CONNECTION_ID", AgentEnv.CONNECTION_ID, "PRIVATE_KEY_FILE", AgentEnv.PRIVATE_KEY_FILE,
        "LOG_LEVEL", AgentEnv.LOG_LEVEL, "TUNNEL_URL", AgentEnv.TUNNEL_URL));
    model.put("security", Map.of("keyFileMode", AgentEnv.PRIVATE_KEY_FILE_MODE,
        "keyFileModeOctal", "0" + Integer.toOctalString(AgentEnv.PRIVATE_KEY_FILE_MODE)));
    if (privateKeyPem != null) {
      model.put("privateKeyBase64", base64(privateKeyPem));
    }
    return model;
  }

  /** Single-line base64 of the PEM file: what {@code base64 -w0} gives on Linux. */
  static String base64(byte[] pem) {
    return Base64.getEncoder().encodeToString(pem);
  }

  static Map<String, String> labels(AgentSpec spec) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ObjectNames.NAME_LABEL, ObjectNames.APP_NAME);
    labels.put(ObjectNames.INSTANCE_LABEL, spec.name());
    return labels;
  }

  /** Every setting at its spec path, nested: {@code resources.limits.cpu} is {@code agent.resources.limits.cpu}. */
  static Map<String, Object> agent(AgentSpec spec) {
    Map<String, Object> agent = new LinkedHashMap<>();
    for (Setting<?> s : Settings.ALL) {
      Object value = ValueForms.plain(spec.get(s));
      if (value == null && (s.kind() == Kind.LIST || s.kind() == Kind.MAP || s.kind() == Kind.PROPERTIES)) {
        value = s.kind() == Kind.LIST ? List.of() : Map.of();
      }
      if (value != null) {
        put(agent, s.path(), value);
      }
    }
    return agent;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> root, String path, Object value) {
    String[] parts = path.split("\\.");
    Map<String, Object> m = root;
    for (int i = 0; i < parts.length - 1; i++) {
      m = (Map<String, Object>) m.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
    }
    m.put(parts[parts.length - 1], value);
  }

  private static Map<String, Object> derived(AgentSpec spec) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("configMapName", spec.configMapName());
    d.put("secretName", spec.secretName());
    d.put("secretKey", spec.secretKey());
    d.put("rendersSecret", spec.rendersSecret());
    d.put("keyVolume", ObjectNames.KEY_VOLUME);
    d.put("keyMountPath", spec.keyMountPath());
    d.put("keyFileName", spec.keyFileName());
    d.put("connectionId", connectionId(spec.connectionId()));
    if (Boolean.TRUE.equals(spec.get(Settings.NETWORK_POLICY))) {
      d.put("networkPolicyEgress", NetworkPolicyRules.egress(spec));
    }
    return d;
  }

  /**
   * {@code mode} ("podName", "fixed" or "none"), {@code value} when fixed, and the booleans {@code fromPodName} and
   * {@code fixed}: the bundled templates test those rather than {@code mode == "..."}, because FreeMarker compares strings
   * with a Collator, whose first use builds the locale's collation tables (some 60 JDK classes and their data).
   */
  private static Map<String, Object> connectionId(ConnectionId id) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", id instanceof ConnectionId.Fixed ? "fixed" : id instanceof ConnectionId.PodName ? "podName" : "none");
    m.put("fromPodName", id instanceof ConnectionId.PodName);
    m.put("fixed", id instanceof ConnectionId.Fixed);
    if (id instanceof ConnectionId.Fixed fixed) {
      m.put("value", fixed.value());
    }
    return m;
  }

  /** ACI has no per-replica pod name, so only a fixed connection id is passed on. */
  private static Map<String, String> aciEnvironment(AgentSpec spec) {
    Map<String, String> env = new LinkedHashMap<>(spec.agentEnvironment());
    if (spec.connectionId() instanceof ConnectionId.Fixed fixed) {
      env.put(AgentEnv.CONNECTION_ID, fixed.value());
    }
    return env;
  }
}
