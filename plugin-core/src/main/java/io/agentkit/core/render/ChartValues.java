package io.agentkit.core.render;

import static io.agentkit.core.spec.SpecPaths.*;

import io.agentkit.core.chart.ImageReference;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.spec.ConnectionId;
import io.agentkit.core.spec.SpecDefaults;
import io.agentkit.core.spec.SpecInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which chart values the plugin configuration sets: every agent setting the build configures
 * explicitly, plus the image, which always names the agent image of this build (or the configured
 * one). Settings left unconfigured keep the chart's own defaults, which are the same as the spec's.
 * The private key is never among them.
 */
public final class ChartValues {

  /** Settings that are install-time choices in Helm, so packaging reports rather than writes them. */
  public static final List<String> INSTALL_TIME_SETTINGS = List.of(NAMESPACE, CREATE_NAMESPACE, PRIVATE_KEY_PATH);

  private ChartValues() {}

  /**
   * @param configured the raw configuration, to tell configured settings from defaults
   * @param spec the same configuration, validated
   * @return value paths (keys from the root of values.yaml) and their values, in file order
   */
  public static Map<List<String>, Object> of(SpecInput configured, AgentSpec spec) {
    Map<List<String>, Object> v = new LinkedHashMap<>();
    if (configured.isSet(ORGANIZATIONS)) {
      v.put(List.of("humanitec", "org"), spec.organizations().size() == 1 ? spec.organizations().get(0) : spec.organizations());
    }
    if (configured.isSet(EXISTING_SECRET)) {
      v.put(List.of("humanitec", "existingSecret"), spec.existingSecret());
      v.put(List.of("humanitec", "existingSecretKey"), spec.existingSecretKey());
    }
    ImageReference image = ImageReference.parse(spec.image());
    v.put(List.of("image", "repository"), image.repository());
    v.put(List.of("image", "tag"), image.tag() == null ? "" : image.tag());
    v.put(List.of("image", "digest"), image.digest() == null ? "" : image.digest());
    if (configured.isSet(IMAGE_PULL_POLICY)) {
      v.put(List.of("image", "pullPolicy"), spec.imagePullPolicy());
    }
    if (configured.isSet(IMAGE_PULL_SECRETS)) {
      List<Map<String, Object>> secrets = new ArrayList<>();
      spec.imagePullSecrets().forEach(s -> secrets.add(Map.of("name", s)));
      v.put(List.of("imagePullSecrets"), secrets);
    }
    if (configured.isSet(REPLICAS)) {
      v.put(List.of("replicaCount"), spec.replicas());
    }
    if (configured.isSet(CONNECTION_ID) || configured.isSet(CONNECTION_ID_FROM_POD_NAME)) {
      v.put(List.of("connectionIdFromPodName"), spec.connectionId() instanceof ConnectionId.PodName);
      v.put(List.of("connectionId"), spec.connectionId() instanceof ConnectionId.Fixed fixed ? fixed.value() : "");
    }
    spec.logLevelIfSet().ifPresent(level -> v.put(List.of("logLevel"), level.name()));
    if (configured.isSet(PRIVATE_KEY_FILE)) {
      v.put(List.of("privateKeyFile"), spec.privateKeyFile());
    }
    if (spec.tunnelUrl() != null) {
      v.put(List.of("tunnelUrl"), spec.tunnelUrl());
    }
    putMap(v, configured, EXTRA_ENV, "extraEnv", spec.extraEnv());
    if (configured.isSet(CPU_LIMIT)) {
      v.put(List.of("resources", "limits", "cpu"), spec.resources().cpuLimit());
    }
    if (configured.isSet(MEMORY_LIMIT)) {
      v.put(List.of("resources", "limits", "memory"), spec.resources().memoryLimit());
    }
    if (configured.isSet(CPU_REQUEST)) {
      v.put(List.of("resources", "requests", "cpu"), spec.resources().cpuRequest());
    }
    if (configured.isSet(MEMORY_REQUEST)) {
      v.put(List.of("resources", "requests", "memory"), spec.resources().memoryRequest());
    }
    putMap(v, configured, POD_ANNOTATIONS, "podAnnotations", spec.podAnnotations());
    putMap(v, configured, POD_LABELS, "podLabels", spec.podLabels());
    putMap(v, configured, NODE_SELECTOR, "nodeSelector", spec.nodeSelector());
    if (configured.isSet(TOLERATIONS)) {
      v.put(List.of("tolerations"), spec.tolerations());
    }
    if (configured.isSet(AFFINITY)) {
      v.put(List.of("affinity"), spec.affinity());
    }
    if (configured.isSet(NAME) && !SpecDefaults.NAME.equals(spec.name())) {
      v.put(List.of("fullnameOverride"), spec.name());
    }
    return v;
  }

  /** The appVersion: the agent image's tag, or "latest" for an image named by digest only. */
  public static String appVersion(AgentSpec spec) {
    String tag = ImageReference.parse(spec.image()).tag();
    return tag == null ? "latest" : tag;
  }

  private static void putMap(Map<List<String>, Object> v, SpecInput configured, String path, String value, Map<String, String> map) {
    if (configured.isSet(path)) {
      v.put(List.of(value), map);
    }
  }
}
