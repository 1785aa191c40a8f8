package io.agentkit.maven;

import static io.agentkit.core.spec.SpecPaths.*;

import io.agentkit.core.spec.SpecInput;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * The agent settings of the goals that work on agents: a single agent, or the fleet-wide defaults under
 * spec files. Maps them onto the core's {@link SpecInput}; the core validates them.
 */
public abstract class AgentSettingsParameters extends AbstractGoalMojo {

  /**
   * Agent id as registered with the Agent API: lowercase letters, digits and single dashes.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.agentId")
  private String agentId;

  /**
   * Description sent when registering the agent. Default: "Humanitec Agent &lt;agentId&gt;".
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.description")
  private String description;

  /**
   * Organizations the agent serves ({@code ORGS}); the key must be registered in each. On the
   * command line: comma-separated.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.organizations")
  private List<String> organizations;

  /**
   * Name of the Deployment and container, the instance label, and the prefix of the ConfigMap and
   * Secret names. Default: {@code humanitec-agent}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.name")
  private String name;

  /**
   * Kubernetes namespace. Default: {@code humanitec-agent}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.namespace")
  private String namespace;

  /**
   * Whether to render the Namespace object. Default: true.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.createNamespace")
  private Boolean createNamespace;

  /**
   * Agent image. Default: this project's agent image at the plugin's version.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.image")
  private String image;

  /**
   * Image pull policy: Always, IfNotPresent or Never. Default: Kubernetes' own.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.imagePullPolicy")
  private String imagePullPolicy;

  /**
   * Names of Secrets for pulling the image from a private registry.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.imagePullSecrets")
  private List<String> imagePullSecrets;

  /**
   * Number of agent replicas. Default: 1.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.replicas")
  private String replicas;

  /**
   * CPU request, a Kubernetes quantity. Default: {@code 0.025} (25m).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.cpuRequest")
  private String cpuRequest;

  /**
   * Memory request, a Kubernetes quantity. Default: {@code 64Mi}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.memoryRequest")
  private String memoryRequest;

  /**
   * CPU limit, a Kubernetes quantity. Default: {@code 0.250} (250m).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.cpuLimit")
  private String cpuLimit;

  /**
   * Memory limit, a Kubernetes quantity. Default: {@code 256Mi}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.memoryLimit")
  private String memoryLimit;

  /**
   * A fixed {@code CONNECTION_ID} for the agent. Default: each pod's name (see connectionIdFromPodName).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.connectionId")
  private String connectionId;

  /**
   * Whether {@code CONNECTION_ID} is the pod's name when no fixed connectionId is set; false leaves
   * it unset. Default: true.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.connectionIdFromPodName")
  private Boolean connectionIdFromPodName;

  /**
   * Agent log level ({@code LOG_LEVEL}): DEBUG, INFO, WARN or ERROR. Default: the agent's (INFO).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.logLevel")
  private String logLevel;

  /**
   * Path of the private key inside the container ({@code PRIVATE_KEY_FILE}); its directory is the
   * mount point. Default: {@code /keys/private_key.pem}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.privateKeyFile")
  private String privateKeyFile;

  /**
   * Your own private key file to embed, instead of the managed key in keysDirectory. A public key
   * beside it (its name with "private" replaced by "public") is checked to match.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.privateKeyPath")
  private File privateKeyPath;

  /**
   * WebSocket URL of the orchestrator's tunnel ({@code TUNNEL_URL}). Default: the agent's.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.tunnelUrl")
  private String tunnelUrl;

  /**
   * More environment variables for the agent. On the command line: {@code NAME=value,NAME2=value2}.
   *
   * @since 0.1.0
   */
  @Parameter
  private Map<String, String> extraEnv;

  /**
   * Pod node selector, as {@code <property><name>kubernetes.io/os</name><value>linux</value></property>} entries
   * (keys with a slash cannot be XML element names). On the command line: {@code key=value,key2=value2}.
   *
   * @since 0.1.0
   */
  @Parameter
  private Properties nodeSelector;

  /**
   * Pod tolerations, as YAML (a list, as in a Pod spec).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.tolerations")
  private String tolerations;

  /**
   * Pod affinity, as YAML (as in a Pod spec).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.affinity")
  private String affinity;

  /**
   * Pod annotations, as {@code <property><name>kubernetes.io/os</name><value>linux</value></property>} entries
   * (keys with a slash cannot be XML element names). On the command line: {@code key=value,key2=value2}.
   *
   * @since 0.1.0
   */
  @Parameter
  private Properties podAnnotations;

  /**
   * Extra pod labels, as {@code <property><name>kubernetes.io/os</name><value>linux</value></property>} entries
   * (keys with a slash cannot be XML element names). On the command line: {@code key=value,key2=value2}.
   *
   * @since 0.1.0
   */
  @Parameter
  private Properties podLabels;

  /**
   * Name of a Secret you manage (e.g. with an external secrets operator). No Secret is rendered and
   * no key is needed: the manifests hold no key material.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.existingSecret")
  private String existingSecret;

  /**
   * Key of the private key inside existingSecret. Default: {@code private_key}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.existingSecretKey")
  private String existingSecretKey;

  /**
   * Azure region for Azure Container Instances (required by render-aci), e.g. {@code westeurope}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.aciLocation")
  private String aciLocation;

  /**
   * ACI CPU cores. Default: 0.05.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.aciCpu")
  private String aciCpu;

  /**
   * ACI memory in GB. Default: 0.1.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.aciMemoryInGB")
  private String aciMemoryInGB;

  /**
   * ACI restart policy: Always, OnFailure or Never. Default: Always.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.aciRestartPolicy")
  private String aciRestartPolicy;

  /**
   * Azure resource group, used in the printed {@code az container create} command.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.aciResourceGroup")
  private String aciResourceGroup;

  /**
   * Resource definition id. Default: the agent id.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.definitionId")
  private String definitionId;

  /**
   * Resource definition name. Default: the definition id.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.definitionName")
  private String definitionName;

  /**
   * Matching criteria of the resource definition. Default: one rule, env_type development and
   * res_id agent. On the command line: rules separated by {@code ;}, keys as in the API:
   * {@code env_type=development,res_id=agent;env_type=staging}.
   *
   * @since 0.1.0
   */
  @Parameter
  private List<Criterion> criteria;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  protected MavenProject project() {
    return project;
  }

  protected MavenSession session() {
    return session;
  }

  /** The settings as a spec input, with the {@code -D} forms of map and list parameters applied. */
  protected SpecInput specInput() throws MojoFailureException {
    UserPropertyForms cli = new UserPropertyForms(session == null ? null : session.getUserProperties());
    PomOrigin o = new PomOrigin(project.getBasedir().toPath());
    SpecInput in = new SpecInput("plugin configuration of " + project.getArtifactId(), o);
    in.set(AGENT_ID, agentId, o)
        .set(DESCRIPTION, description, o)
        .set(ORGANIZATIONS, organizations, o)
        .set(NAME, name, o)
        .set(NAMESPACE, namespace, o)
        .set(CREATE_NAMESPACE, createNamespace, o)
        .set(IMAGE, image, o)
        .set(IMAGE_PULL_POLICY, imagePullPolicy, o)
        .set(IMAGE_PULL_SECRETS, imagePullSecrets, o)
        .set(REPLICAS, replicas, o)
        .set(CPU_REQUEST, cpuRequest, o)
        .set(MEMORY_REQUEST, memoryRequest, o)
        .set(CPU_LIMIT, cpuLimit, o)
        .set(MEMORY_LIMIT, memoryLimit, o)
        .set(CONNECTION_ID, connectionId, o)
        .set(CONNECTION_ID_FROM_POD_NAME, connectionIdFromPodName, o)
        .set(LOG_LEVEL, logLevel, o)
        .set(PRIVATE_KEY_FILE, privateKeyFile, o)
        .set(PRIVATE_KEY_PATH, privateKeyPath == null ? null : privateKeyPath.getPath(), o)
        .set(TUNNEL_URL, tunnelUrl, o)
        .set(EXTRA_ENV, cli.map("extraEnv", extraEnv), o)
        .set(NODE_SELECTOR, cli.map("nodeSelector", UserPropertyForms.sorted(nodeSelector)), o)
        .set(TOLERATIONS, tolerations, o)
        .set(AFFINITY, affinity, o)
        .set(POD_ANNOTATIONS, cli.map("podAnnotations", UserPropertyForms.sorted(podAnnotations)), o)
        .set(POD_LABELS, cli.map("podLabels", UserPropertyForms.sorted(podLabels)), o)
        .set(EXISTING_SECRET, existingSecret, o)
        .set(EXISTING_SECRET_KEY, existingSecretKey, o)
        .set(ACI_LOCATION, aciLocation, o)
        .set(ACI_CPU, aciCpu, o)
        .set(ACI_MEMORY_IN_GB, aciMemoryInGB, o)
        .set(ACI_RESTART_POLICY, aciRestartPolicy, o)
        .set(ACI_RESOURCE_GROUP, aciResourceGroup, o)
        .set(DEFINITION_ID, definitionId, o)
        .set(DEFINITION_NAME, definitionName, o)
        .set(DEFINITION_CRITERIA, cli.criteria(criteria), o);
    return in;
  }

}
