package io.agentkit.core.render;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.spec.ConnectionId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data templates see. Everything is computed here in Java (names, env, base64) so templates only
 * lay out values, and a user's replacement template gets the same facts.
 */
final class TemplateModels {

  /** The application label value: the same for every installation, as in the guide. */
  static final String APP_NAME = "humanitec-agent";

  private TemplateModels() {}

  static Map<String, Object> of(AgentSpec spec, byte[] privateKeyPem) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("agent", agent(spec));
    model.put("labels", labels(spec));
    model.put("env", spec.agentEnvironment());
    model.put("envNames", Map.of("ORGS", AgentEnv.ORGS, "CONNECTION_ID", AgentEnv.CONNECTION_ID, "PRIVATE_KEY_FILE", AgentEnv.PRIVATE_KEY_FILE,
        "LOG_LEVEL", AgentEnv.LOG_LEVEL, "TUNNEL_URL", AgentEnv.TUNNEL_URL));
    model.put("security", Map.of("uid", AgentEnv.RUN_AS_UID, "gid", AgentEnv.RUN_AS_UID, "keyFileMode", AgentEnv.PRIVATE_KEY_FILE_MODE,
        "keyFileModeOctal", "0" + Integer.toOctalString(AgentEnv.PRIVATE_KEY_FILE_MODE)));
    model.put("aci", aci(spec));
    model.put("aciEnv", aciEnvironment(spec));
    model.put("definition", Map.of("id", spec.definition().id(), "name", spec.definition().name(), "criteria", spec.definition().criteria()));
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
    labels.put("app.kubernetes.io/name", APP_NAME);
    labels.put("app.kubernetes.io/instance", spec.name());
    return labels;
  }

  private static Map<String, Object> agent(AgentSpec spec) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("id", spec.agentId());
    a.put("description", spec.description());
    a.put("organizations", spec.organizations());
    a.put("name", spec.name());
    a.put("namespace", spec.namespace());
    a.put("createNamespace", spec.createNamespace());
    a.put("image", spec.image());
    if (spec.imagePullPolicy() != null) {
      a.put("imagePullPolicy", spec.imagePullPolicy());
    }
    a.put("imagePullSecrets", spec.imagePullSecrets());
    a.put("replicas", spec.replicas());
    a.put("resources", Map.of(
        "cpuRequest", spec.resources().cpuRequest(), "memoryRequest", spec.resources().memoryRequest(),
        "cpuLimit", spec.resources().cpuLimit(), "memoryLimit", spec.resources().memoryLimit()));
    a.put("connectionId", connectionId(spec.connectionId()));
    a.put("configMapName", spec.configMapName());
    a.put("secretName", spec.secretName());
    a.put("secretKey", spec.secretKey());
    a.put("rendersSecret", spec.rendersSecret());
    a.put("keyMountPath", spec.keyMountPath());
    a.put("keyFileName", spec.keyFileName());
    a.put("privateKeyFile", spec.privateKeyFile());
    a.put("nodeSelector", spec.nodeSelector());
    a.put("tolerations", spec.tolerations());
    if (spec.affinity() != null) {
      a.put("affinity", spec.affinity());
    }
    a.put("podAnnotations", spec.podAnnotations());
    a.put("podLabels", spec.podLabels());
    return a;
  }

  private static Map<String, String> connectionId(ConnectionId id) {
    if (id instanceof ConnectionId.Fixed fixed) {
      return Map.of("mode", "fixed", "value", fixed.value());
    }
    return Map.of("mode", id instanceof ConnectionId.PodName ? "podName" : "none");
  }

  private static Map<String, Object> aci(AgentSpec spec) {
    Map<String, Object> aci = new LinkedHashMap<>();
    spec.aci().locationIfSet().ifPresent(l -> aci.put("location", l));
    aci.put("cpu", spec.aci().cpu());
    aci.put("memoryInGB", spec.aci().memoryInGB());
    aci.put("restartPolicy", spec.aci().restartPolicy());
    spec.aci().resourceGroupIfSet().ifPresent(g -> aci.put("resourceGroup", g));
    return aci;
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
