package io.agentkit.core.spec;

import java.util.List;
import java.util.Set;

/**
 * Every setting of an agent spec, by its path in a YAML spec file. One definition: the YAML reader
 * accepts exactly these, the builder reads them, and the Maven adapter maps its parameters onto them.
 */
public final class SpecPaths {

  public static final String AGENT_ID = "agentId";
  public static final String DESCRIPTION = "description";
  public static final String ORGANIZATIONS = "organizations";
  public static final String NAME = "name";
  public static final String NAMESPACE = "namespace";
  public static final String CREATE_NAMESPACE = "createNamespace";
  public static final String IMAGE = "image";
  public static final String IMAGE_PULL_POLICY = "imagePullPolicy";
  public static final String IMAGE_PULL_SECRETS = "imagePullSecrets";
  public static final String REPLICAS = "replicas";
  public static final String CPU_REQUEST = "resources.requests.cpu";
  public static final String MEMORY_REQUEST = "resources.requests.memory";
  public static final String CPU_LIMIT = "resources.limits.cpu";
  public static final String MEMORY_LIMIT = "resources.limits.memory";
  public static final String CONNECTION_ID = "connectionId";
  public static final String CONNECTION_ID_FROM_POD_NAME = "connectionIdFromPodName";
  public static final String LOG_LEVEL = "logLevel";
  public static final String PRIVATE_KEY_FILE = "privateKeyFile";
  public static final String PRIVATE_KEY_PATH = "privateKeyPath";
  public static final String TUNNEL_URL = "tunnelUrl";
  public static final String EXTRA_ENV = "extraEnv";
  public static final String NODE_SELECTOR = "nodeSelector";
  public static final String TOLERATIONS = "tolerations";
  public static final String AFFINITY = "affinity";
  public static final String POD_ANNOTATIONS = "podAnnotations";
  public static final String POD_LABELS = "podLabels";
  public static final String EXISTING_SECRET = "existingSecret";
  public static final String EXISTING_SECRET_KEY = "existingSecretKey";
  public static final String ACI_LOCATION = "aci.location";
  public static final String ACI_CPU = "aci.cpu";
  public static final String ACI_MEMORY_IN_GB = "aci.memoryInGB";
  public static final String ACI_RESTART_POLICY = "aci.restartPolicy";
  public static final String ACI_RESOURCE_GROUP = "aci.resourceGroup";
  public static final String DEFINITION_ID = "definition.id";
  public static final String DEFINITION_NAME = "definition.name";
  public static final String DEFINITION_CRITERIA = "definition.criteria";

  /** Settings whose value is taken whole (scalar, list or free-form map). */
  public static final List<String> LEAVES =
      List.of(
          AGENT_ID, DESCRIPTION, ORGANIZATIONS, NAME, NAMESPACE, CREATE_NAMESPACE, IMAGE, IMAGE_PULL_POLICY,
          IMAGE_PULL_SECRETS, REPLICAS, CPU_REQUEST, MEMORY_REQUEST, CPU_LIMIT, MEMORY_LIMIT, CONNECTION_ID,
          CONNECTION_ID_FROM_POD_NAME, LOG_LEVEL, PRIVATE_KEY_FILE, PRIVATE_KEY_PATH, TUNNEL_URL, EXTRA_ENV,
          NODE_SELECTOR, TOLERATIONS, AFFINITY, POD_ANNOTATIONS, POD_LABELS, EXISTING_SECRET, EXISTING_SECRET_KEY,
          ACI_LOCATION, ACI_CPU, ACI_MEMORY_IN_GB, ACI_RESTART_POLICY, ACI_RESOURCE_GROUP, DEFINITION_ID,
          DEFINITION_NAME, DEFINITION_CRITERIA);

  /** Mappings that only group leaves. */
  public static final Set<String> GROUPS = Set.of("resources", "resources.requests", "resources.limits", "aci", "definition");

  private SpecPaths() {}
}
