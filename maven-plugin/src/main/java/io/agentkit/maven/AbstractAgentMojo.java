package io.agentkit.maven;

import static io.agentkit.core.spec.SpecPaths.*;

import io.agentkit.agent.keys.KeyFileException;
import io.agentkit.core.GoalConfig;
import io.agentkit.core.Goals;
import io.agentkit.core.render.ManifestLayout;
import io.agentkit.core.render.TemplateException;
import io.agentkit.core.spec.InvalidSpecException;
import io.agentkit.core.spec.SpecInput;
import io.agentkit.core.validate.InvalidOutputException;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Parameters shared by all goals: the agent settings (a single agent, or fleet-wide defaults for spec
 * files) and where keys, templates and outputs live. Subclasses make one call into the core.
 */
public abstract class AbstractAgentMojo extends AbstractMojo {

  // ----- Where things are -----

  /**
   * Skips the goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.skip", defaultValue = "false")
  private boolean skip;

  /**
   * Directory of agent spec files, one YAML file per agent ({@code *.yaml}, {@code *.yml}). The
   * agent settings in this configuration then act as defaults for every file. Unset: one agent,
   * configured here.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.specDirectory")
  private File specDirectory;

  /**
   * Ids of the agents to process when a spec directory defines several; all when empty.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.agents")
  private List<String> agents;

  /**
   * Directory of managed key pairs, one subdirectory per agent. Outside {@code target/} so that
   * {@code mvn clean} never deletes a key; generate-keys puts a {@code .gitignore} in it.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.keysDirectory", defaultValue = "${project.basedir}/.humanitec-agent/keys", required = true)
  private File keysDirectory;

  /**
   * Directory of rendered files, one subdirectory per agent.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.outputDirectory", defaultValue = "${project.build.directory}/humanitec-agent", required = true)
  private File outputDirectory;

  /**
   * Directory of your own templates: a file named like a bundled template ({@code namespace.yaml.ftl},
   * {@code configmap.yaml.ftl}, {@code secret.yaml.ftl}, {@code deployment.yaml.ftl},
   * {@code aci.yaml.ftl}, {@code definition.yaml.ftl}) replaces it.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.templateDirectory")
  private File templateDirectory;

  // ----- The agent -----

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

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping humanitec-agent:" + goal() + " (humanitec-agent.skip)");
      return;
    }
    Goals goals = new Goals(config(), new MavenBuildLog(getLog()));
    try {
      run(goals);
    } catch (InvalidSpecException | KeyFileException | TemplateException | InvalidOutputException e) {
      throw new MojoFailureException(e.getMessage());
    } catch (IOException e) {
      throw new MojoExecutionException("humanitec-agent:" + goal() + " failed: " + e, e);
    }
  }

  /** The goal's name, for messages. */
  protected abstract String goal();

  /** The goal's one call into the core. */
  protected abstract void run(Goals goals) throws InvalidSpecException, KeyFileException, TemplateException, InvalidOutputException, IOException;

  /** Layout of rendered manifests; only render-manifests has a choice. */
  protected ManifestLayout manifestLayout() throws MojoFailureException {
    return ManifestLayout.SINGLE_FILE;
  }

  /** Whether to rotate keys; only generate-keys rotates. */
  protected boolean rotate() {
    return false;
  }

  private GoalConfig config() throws MojoFailureException {
    return new GoalConfig(
        specInput(),
        path(specDirectory),
        agents,
        keysDirectory.toPath(),
        outputDirectory.toPath(),
        path(templateDirectory),
        manifestLayout(),
        rotate());
  }

  private SpecInput specInput() throws MojoFailureException {
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
        .set(EXTRA_ENV, map("extraEnv", extraEnv), o)
        .set(NODE_SELECTOR, map("nodeSelector", sorted(nodeSelector)), o)
        .set(TOLERATIONS, tolerations, o)
        .set(AFFINITY, affinity, o)
        .set(POD_ANNOTATIONS, map("podAnnotations", sorted(podAnnotations)), o)
        .set(POD_LABELS, map("podLabels", sorted(podLabels)), o)
        .set(EXISTING_SECRET, existingSecret, o)
        .set(EXISTING_SECRET_KEY, existingSecretKey, o)
        .set(ACI_LOCATION, aciLocation, o)
        .set(ACI_CPU, aciCpu, o)
        .set(ACI_MEMORY_IN_GB, aciMemoryInGB, o)
        .set(ACI_RESTART_POLICY, aciRestartPolicy, o)
        .set(ACI_RESOURCE_GROUP, aciResourceGroup, o)
        .set(DEFINITION_ID, definitionId, o)
        .set(DEFINITION_NAME, definitionName, o)
        .set(DEFINITION_CRITERIA, criteria(), o);
    return in;
  }

  /** A map parameter, or its {@code -Dhumanitec-agent.<name>=k=v,k2=v2} form, which wins like any user property. */
  private Map<String, String> map(String parameter, Map<String, String> configured) throws MojoFailureException {
    String property = userProperty(parameter);
    if (property == null) {
      return configured;
    }
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String pair : property.split(",")) {
      int eq = pair.indexOf('=');
      if (pair.isBlank()) {
        continue;
      }
      if (eq <= 0) {
        throw new MojoFailureException("-D" + PropertyNames.property(parameter) + ": '" + pair + "' is not name=value; write e.g. -D"
            + PropertyNames.property(parameter) + "=key=value,key2=value2");
      }
      parsed.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return parsed;
  }

  /** Properties have no order; sorting keeps the output byte-stable. */
  private static Map<String, String> sorted(Properties p) {
    if (p == null) {
      return null;
    }
    Map<String, String> m = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }

  private List<Map<String, Object>> criteria() throws MojoFailureException {
    String property = userProperty("criteria");
    List<Map<String, Object>> rules = new ArrayList<>();
    if (property != null) {
      for (String rule : property.split(";")) {
        if (!rule.isBlank()) {
          rules.add(parseRule(rule));
        }
      }
      return rules;
    }
    if (criteria != null) {
      criteria.forEach(c -> rules.add(c.toMap()));
    }
    return rules;
  }

  private Map<String, Object> parseRule(String rule) throws MojoFailureException {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String pair : rule.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new MojoFailureException("-D" + PropertyNames.property("criteria") + ": '" + pair
            + "' is not key=value; write e.g. -D" + PropertyNames.property("criteria") + "=env_type=development,res_id=agent;env_type=staging");
      }
      m.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return m;
  }

  private String userProperty(String parameter) {
    return session == null ? null : session.getUserProperties().getProperty(PropertyNames.property(parameter));
  }

  private static java.nio.file.Path path(File f) {
    return f == null ? null : f.toPath();
  }
}
