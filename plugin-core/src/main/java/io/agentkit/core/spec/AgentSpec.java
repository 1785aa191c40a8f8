package io.agentkit.core.spec;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.env.LogLevel;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One validated agent installation. Immutable; built only by {@link SpecBuilder}, which checks every
 * field, so renderers can trust it.
 *
 * <p>Nullable fields are optional settings that are left out of the output when absent.
 */
public record AgentSpec(
    String source,
    String agentId,
    String description,
    List<String> organizations,
    String name,
    String namespace,
    boolean createNamespace,
    String image,
    String imagePullPolicy,
    List<String> imagePullSecrets,
    int replicas,
    ResourceRequirements resources,
    ConnectionId connectionId,
    LogLevel logLevel,
    String privateKeyFile,
    Path privateKeyPath,
    String tunnelUrl,
    Map<String, String> extraEnv,
    Map<String, String> nodeSelector,
    List<Object> tolerations,
    Map<String, Object> affinity,
    Map<String, String> podAnnotations,
    Map<String, String> podLabels,
    String existingSecret,
    String existingSecretKey,
    AciSettings aci,
    DefinitionSettings definition) {

  public AgentSpec {
    organizations = List.copyOf(organizations);
    imagePullSecrets = List.copyOf(imagePullSecrets);
    extraEnv = ordered(extraEnv);
    nodeSelector = ordered(nodeSelector);
    tolerations = Collections.unmodifiableList(tolerations);
    affinity = affinity == null ? null : Collections.unmodifiableMap(affinity);
    podAnnotations = ordered(podAnnotations);
    podLabels = ordered(podLabels);
  }

  /** {@code ORGS}: the organizations joined by commas. */
  public String orgsValue() {
    return String.join(AgentEnv.ORGS_SEPARATOR, organizations);
  }

  public String configMapName() {
    return name + "-configmap-env";
  }

  /** The Secret the Deployment mounts: the user's existing one or the one we render. */
  public String secretName() {
    return existingSecret != null ? existingSecret : name + "-secret-private-key";
  }

  public String secretKey() {
    return existingSecret != null ? existingSecretKey : SpecDefaults.SECRET_KEY;
  }

  /** Whether we render a Secret with the key, or mount the user's existing one. */
  public boolean rendersSecret() {
    return existingSecret == null;
  }

  /** Directory the key volume is mounted at: the key file's parent. */
  public String keyMountPath() {
    return privateKeyFile.substring(0, privateKeyFile.lastIndexOf('/'));
  }

  public String keyFileName() {
    return privateKeyFile.substring(privateKeyFile.lastIndexOf('/') + 1);
  }

  public Optional<LogLevel> logLevelIfSet() {
    return Optional.ofNullable(logLevel);
  }

  /**
   * Environment the agent gets from configuration (ConfigMap, ACI env): the contract variables that
   * differ from the agent's defaults, then the extra variables. {@code CONNECTION_ID} is not here:
   * it is per replica.
   */
  public Map<String, String> agentEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(AgentEnv.ORGS, orgsValue());
    if (!AgentEnv.DEFAULT_PRIVATE_KEY_FILE.equals(privateKeyFile)) {
      env.put(AgentEnv.PRIVATE_KEY_FILE, privateKeyFile);
    }
    if (logLevel != null) {
      env.put(AgentEnv.LOG_LEVEL, logLevel.name());
    }
    if (tunnelUrl != null) {
      env.put(AgentEnv.TUNNEL_URL, tunnelUrl);
    }
    env.putAll(extraEnv);
    return Collections.unmodifiableMap(env);
  }

  private static <V> Map<String, V> ordered(Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
