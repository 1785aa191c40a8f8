package io.agentkit.core.settings;

import static io.agentkit.core.settings.Setting.setting;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.env.LogLevel;
import io.agentkit.core.chart.ImageReference;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings table: every setting of an agent, declared once. Defaults are the installation
 * guide's, so that a spec with only an agent id and an organization renders the guide's objects.
 *
 * <p>Adding a setting: declare it here (the POM parameter, spec-file key, {@code -D} property,
 * template model entry and chart value follow), then write the template lines that use it and the
 * chart value in {@code values.yaml} and {@code values.schema.json}; the tests name whatever is
 * still missing.
 */
public final class Settings {

  /** Prefix of every user property: {@code -Dhumanitec-agent.<parameter>}. */
  public static final String PROPERTY_PREFIX = "humanitec-agent.";

  /** Why identity and resource definition settings are not chart values. */
  private static final String ANY_AGENT = "a chart serves any agent; the agent is the key it is installed with";

  // Identity

  public static final Setting<String> AGENT_ID = setting("agentId", Kind.TEXT, AgentRules.agentId())
      .required("is required", "choose an id of lowercase letters, digits and dashes, e.g. 'prod-eu-1'", Purpose.AGENT, Purpose.KUBERNETES, Purpose.ACI)
      .notInChart(ANY_AGENT).example("prod-eu-1").invalid("Bad_ID").since("0.1.0")
      .doc("Agent id as registered with the Agent API: lowercase letters, digits and single dashes.").build();

  public static final Setting<String> DESCRIPTION = setting("description", Kind.TEXT, Rules.text())
      .defaultFrom(v -> v.get(AGENT_ID) == null ? null : "Humanitec Agent " + v.get(AGENT_ID))
      .notInChart("it is sent when the agent is registered").example("Agent of the EU production cluster").since("0.1.0")
      .doc("Description sent when registering the agent. Default: \"Humanitec Agent &lt;agentId&gt;\".").build();

  public static final Setting<List<String>> ORGANIZATIONS = setting("organizations", Kind.LIST, AgentRules.organizations())
      .required("is required: the agent needs at least one organization (the ORGS variable)", "set it to your Humanitec organization id",
          Purpose.AGENT, Purpose.KUBERNETES, Purpose.ACI)
      .env(AgentEnv.ORGS)
      .chart(ChartMapping.computed("organizations", List.of("humanitec.org"), v -> {
        List<String> orgs = v.get(Settings.ORGANIZATIONS);
        return Map.of("humanitec.org", orgs.size() == 1 ? orgs.get(0) : orgs);
      }))
      .example(List.of("org-a", "org-b")).invalid(List.of("Not_An_Org")).since("0.1.0")
      .doc("Organizations the agent serves ({@code ORGS}); the key must be registered in each.").build();

  // Workload

  public static final Setting<String> NAME = setting("name", Kind.TEXT, KubernetesRules.dnsLabel())
      .defaultValue(Defaults.NAME)
      .chart(ChartMapping.computed("name", List.of("fullnameOverride"),
          v -> Defaults.NAME.equals(v.get(Settings.NAME)) ? Map.of() : Map.of("fullnameOverride", v.get(Settings.NAME))))
      .example("edge-agent").invalid("Edge_Agent").since("0.1.0")
      .doc("Name of the Deployment and container, the instance label, and the prefix of the ConfigMap and Secret names. Default: {@code humanitec-agent}.")
      .build();

  public static final Setting<String> NAMESPACE = setting("namespace", Kind.TEXT, KubernetesRules.dnsLabel())
      .defaultValue(Defaults.NAMESPACE).installTime("--namespace").example("agents-prod").invalid("Humanitec").since("0.1.0")
      .doc("Kubernetes namespace. Default: {@code humanitec-agent}.").build();

  public static final Setting<Boolean> CREATE_NAMESPACE = setting("createNamespace", Kind.FLAG, Rules.flag())
      .defaultValue(true).installTime("--create-namespace").example(false).invalid("maybe").since("0.1.0")
      .doc("Whether to render the Namespace object. Default: true.").build();

  public static final Setting<String> IMAGE = setting("image", Kind.TEXT, AgentRules.image("ghcr.io/humanitec/agent:1.2.0"))
      .defaultFrom(SettingValues::defaultImage)
      .chart(ChartMapping.computed("image", List.of("image.repository", "image.tag", "image.digest"), v -> {
        ImageReference ref = ImageReference.parse(v.get(Settings.IMAGE));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image.repository", ref.repository());
        m.put("image.tag", ref.tag() == null ? "" : ref.tag());
        m.put("image.digest", ref.digest() == null ? "" : ref.digest());
        return m;
      }).always())
      .example("registry.example.com/humanitec/agent:1.2.0").invalid("ghcr.io/X/Agent:1.0").since("0.1.0")
      .doc("Agent image. Default: this project's agent image at the plugin's version.").build();

  public static final Setting<String> IMAGE_PULL_POLICY = setting("imagePullPolicy", Kind.TEXT, Rules.oneOf("Always", "IfNotPresent", "Never"))
      .chart("image.pullPolicy").example("IfNotPresent").invalid("Sometimes").since("0.1.0")
      .doc("Image pull policy: Always, IfNotPresent or Never. Default: Kubernetes' own.").build();

  public static final Setting<List<String>> IMAGE_PULL_SECRETS = setting("imagePullSecrets", Kind.LIST, KubernetesRules.secretNames())
      .chart(ChartMapping.computed("imagePullSecrets", List.of("imagePullSecrets"), v -> {
        List<Map<String, Object>> secrets = new ArrayList<>();
        v.get(Settings.IMAGE_PULL_SECRETS).forEach(s -> secrets.add(Map.of("name", s)));
        return Map.of("imagePullSecrets", secrets);
      }))
      .example(List.of("regcred")).invalid(List.of("Reg_Cred")).since("0.1.0")
      .doc("Names of Secrets for pulling the image from a private registry.").build();

  public static final Setting<Integer> REPLICAS = setting("replicas", Kind.NUMBER,
          Rules.wholeNumber(0, "is negative", "use 1 or more (0 stops the agent)"))
      .defaultValue(1).chart("replicaCount").example(3).invalid("two").since("0.1.0")
      .doc("Number of agent replicas. Default: 1.").build();

  public static final Setting<String> CPU_REQUEST = setting("resources.requests.cpu", Kind.TEXT, KubernetesRules.quantity(false, Defaults.CPU_REQUEST))
      .parameter("cpuRequest").defaultValue(Defaults.CPU_REQUEST).chart("resources.requests.cpu").example("50m").invalid("-1").since("0.1.0")
      .doc("CPU request, a Kubernetes quantity. Default: {@code 0.025} (25m).").build();

  public static final Setting<String> MEMORY_REQUEST = setting("resources.requests.memory", Kind.TEXT,
          KubernetesRules.quantity(true, Defaults.MEMORY_REQUEST))
      .parameter("memoryRequest").defaultValue(Defaults.MEMORY_REQUEST).chart("resources.requests.memory").example("96Mi").invalid("64MB").since("0.1.0")
      .doc("Memory request, a Kubernetes quantity. Default: {@code 64Mi}.").build();

  public static final Setting<String> CPU_LIMIT = setting("resources.limits.cpu", Kind.TEXT, KubernetesRules.quantity(false, Defaults.CPU_LIMIT))
      .parameter("cpuLimit").defaultValue(Defaults.CPU_LIMIT).chart("resources.limits.cpu").example("500m").invalid("half").since("0.1.0")
      .doc("CPU limit, a Kubernetes quantity. Default: {@code 0.250} (250m).").build();

  public static final Setting<String> MEMORY_LIMIT = setting("resources.limits.memory", Kind.TEXT, KubernetesRules.quantity(true, Defaults.MEMORY_LIMIT))
      .parameter("memoryLimit").defaultValue(Defaults.MEMORY_LIMIT).chart("resources.limits.memory").example("512Mi").invalid("256MB").since("0.1.0")
      .doc("Memory limit, a Kubernetes quantity. Default: {@code 256Mi}.").build();

  public static final Setting<Integer> REVISION_HISTORY_LIMIT = setting("revisionHistoryLimit", Kind.NUMBER,
          Rules.wholeNumber(0, "is negative", "use 0 or more (0 keeps no old ReplicaSets, so no rollback)"))
      .chart("revisionHistoryLimit").example(3).invalid(-1).since("0.1.0")
      .doc("Old ReplicaSets the Deployment keeps for rollbacks ({@code spec.revisionHistoryLimit}). Default: Kubernetes' (10).").build();

  public static final Setting<Object> STRATEGY = setting("strategy", Kind.YAML,
          KubernetesRules.objectOf(DeploymentStrategy.class, "a Deployment strategy (type, rollingUpdate)"))
      .chart("strategy").example("{type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}").invalid("{type: RollingUpdate, rollingUpdat: {}}")
      .since("0.1.0")
      .doc("Deployment strategy, as YAML (as in a Deployment spec), e.g. {@code {type: Recreate}}. Default: Kubernetes' (RollingUpdate, 25%).").build();

  public static final Setting<Integer> RUN_AS_USER = setting("runAsUser", Kind.NUMBER,
          Rules.wholeNumber(1, "would run the agent as root, which the pod forbids (runAsNonRoot)", "use the image's non-root user, e.g. 1000 or 65532"))
      .defaultValue(AgentEnv.RUN_AS_UID)
      .chart(ChartMapping.computed("runAsUser", List.of("podSecurityContext.runAsUser", "podSecurityContext.runAsGroup", "podSecurityContext.fsGroup"),
          v -> {
            Map<String, Object> ids = new LinkedHashMap<>();
            ids.put("podSecurityContext.runAsUser", v.get(Settings.RUN_AS_USER));
            ids.put("podSecurityContext.runAsGroup", v.get(Settings.RUN_AS_USER));
            ids.put("podSecurityContext.fsGroup", v.get(Settings.RUN_AS_USER));
            return ids;
          }))
      .example(65532).invalid(0).since("0.1.0")
      .doc("User id the agent runs as, also its group and the pod's fsGroup, which owns the mounted key file (readable by its owner only). Default: "
          + "1000, the uid of agent-kit's image and of the installation guide's Humanitec image. Humanitec's newer images run as 65532: set 65532 for them.")
      .build();

  // The agent's environment

  public static final Setting<String> PRIVATE_KEY_FILE = setting("privateKeyFile", Kind.TEXT, AgentRules.privateKeyFile())
      .defaultValue(AgentEnv.DEFAULT_PRIVATE_KEY_FILE).env(AgentEnv.PRIVATE_KEY_FILE).chart("privateKeyFile")
      .example("/secrets/agent/key.pem").invalid("/etc/key.pem").since("0.1.0")
      .doc("Path of the private key inside the container ({@code PRIVATE_KEY_FILE}); its directory is the mount point. Default: {@code /keys/private_key.pem}.")
      .build();

  public static final Setting<String> CONNECTION_ID = setting("connectionId", Kind.TEXT, Rules.printable())
      .chart(ChartMapping.computed("connectionId", List.of("connectionId"),
          v -> Map.of("connectionId", v.get(Settings.CONNECTION_ID) == null ? "" : v.get(Settings.CONNECTION_ID))).alsoWhenConfigured("connectionIdFromPodName"))
      .example("replica-a").invalid("a\u0007b").since("0.1.0")
      .doc("A fixed {@code CONNECTION_ID} for the agent. Default: each pod's name (see connectionIdFromPodName).").build();

  public static final Setting<Boolean> CONNECTION_ID_FROM_POD_NAME = setting("connectionIdFromPodName", Kind.FLAG, Rules.flag())
      .defaultValue(true)
      .chart(ChartMapping.computed("connectionIdFromPodName", List.of("connectionIdFromPodName"),
          v -> Map.of("connectionIdFromPodName", v.get(Settings.CONNECTION_ID) == null && v.get(Settings.CONNECTION_ID_FROM_POD_NAME)))
          .alsoWhenConfigured("connectionId"))
      .example(false).invalid("sometimes").since("0.1.0")
      .doc("Whether {@code CONNECTION_ID} is the pod's name when no fixed connectionId is set; false leaves it unset. Default: true.").build();

  public static final Setting<LogLevel> LOG_LEVEL = setting("logLevel", Kind.TEXT, AgentRules.logLevel())
      .env(AgentEnv.LOG_LEVEL).chart("logLevel").example("DEBUG").invalid("TRACE").since("0.1.0")
      .doc("Agent log level ({@code LOG_LEVEL}): DEBUG, INFO, WARN or ERROR. Default: the agent's (INFO).").build();

  public static final Setting<String> TUNNEL_URL = setting("tunnelUrl", Kind.TEXT, AgentRules.tunnelUrl())
      .env(AgentEnv.TUNNEL_URL).chart("tunnelUrl").example("wss://tunnel.example.com/tunnel").invalid("https://tunnel.example.com").since("0.1.0")
      .doc("WebSocket URL of the orchestrator's tunnel ({@code TUNNEL_URL}). Default: the agent's.").build();

  public static final Setting<Boolean> FAIL_ON_MISSING_TUNNEL_URL = setting("failOnMissingTunnelUrl", Kind.FLAG, Rules.flag())
      .defaultValue(true).notInChart("checked when rendering and packaging").example(false).invalid("no").since("0.1.0")
      .doc("Whether render-manifests, render-aci and package-chart stop when agent-kit's agent image has no tunnelUrl: without one it "
          + "connects to Humanitec's endpoint, which does not speak agent-kit's tunnel protocol. false allows it, e.g. for a chart whose "
          + "installers pass {@code --set tunnelUrl=...}. Default: true.")
      .build();

  public static final Setting<List<String>> ALLOWED_TARGETS = setting("allowedTargets", Kind.LIST, AgentRules.allowedTargets())
      .env(AgentEnv.ALLOWED_TARGETS).agentKitOnly().chart("allowedTargets")
      .example(List.of("*.svc.cluster.local:443", "10.0.0.0/8:*")).invalid(List.of("db")).since("0.1.0")
      .doc("Targets the orchestrator may open through the agent ({@code ALLOWED_TARGETS}): host:port patterns such as "
          + "{@code *.svc.cluster.local:443}, {@code 10.0.0.0/8:*}, {@code db:5432} or {@code api:8000-8099}, or {@code *} for any. "
          + "Default: the agent's (every target except loopback, link-local and unspecified addresses). Only agent-kit's agent reads it; "
          + "for Humanitec's image it is left out of the environment (the NetworkPolicy still uses it).")
      .build();

  public static final Setting<Map<String, String>> EXTRA_ENV = setting("extraEnv", Kind.MAP,
          Rules.map(Names.ENV_NAME, "a valid environment variable name", "use letters, digits and underscores, not starting with a digit"))
      .chart("extraEnv").example(Map.of("HTTPS_PROXY", "http://proxy.corp:3128")).invalid(Map.of("1BAD", "x")).since("0.1.0")
      .doc("More environment variables for the agent.").build();

  public static final Setting<Object> EXTRA_ENV_FROM = setting("extraEnvFrom", Kind.YAML,
          KubernetesRules.listOf(EnvFromSource.class, "a list of environment sources", "[{secretRef: {name: agent-proxy}}]"))
      .chart("extraEnvFrom").example("[{secretRef: {name: agent-proxy}}]").invalid("[{secretRf: {name: agent-proxy}}]").since("0.1.0")
      .doc("More environment for the agent from Secrets or ConfigMaps, as YAML (a list of envFrom entries, as in a Pod spec), e.g. an "
          + "{@code HTTPS_PROXY} with credentials that must not sit in a ConfigMap.")
      .build();

  // The key

  public static final Setting<Path> PRIVATE_KEY_PATH = setting("privateKeyPath", Kind.FILE, Rules.file())
      .installTime("--set-file humanitec.privateKey=...; a chart never holds a key").example("keys/agent.pem").since("0.1.0")
      .doc("Your own private key file to embed, instead of the managed key in keysDirectory. A public key beside it (its name with \"private\" replaced by \"public\") is checked to match.")
      .build();

  public static final Setting<String> EXISTING_SECRET = setting("existingSecret", Kind.TEXT, KubernetesRules.secretName())
      .chart("humanitec.existingSecret").example("agent-key-from-vault").invalid("Vault_Key").since("0.1.0")
      .doc("Name of a Secret you manage (e.g. with an external secrets operator). No Secret is rendered and no key is needed: the manifests hold no key material.")
      .build();

  public static final Setting<String> EXISTING_SECRET_KEY = setting("existingSecretKey", Kind.TEXT, KubernetesRules.secretKey())
      .defaultValue(Defaults.SECRET_KEY)
      .chart(ChartMapping.at("humanitec.existingSecretKey", "existingSecretKey").alsoWhenConfigured("existingSecret"))
      .example("pem", "existingSecret", "agent-key-from-vault").invalid("a key").since("0.1.0")
      .doc("Key of the private key inside existingSecret. Default: {@code private_key}.").build();

  // How the key reaches the cluster (GitOps)

  public static final Setting<String> SECRET_FORMAT = setting("secretFormat", Kind.TEXT, Rules.oneOf(SecretFormat.names()))
      .defaultValue(SecretFormat.SECRET.externalName()).chart("humanitec.secretFormat")
      .example(SecretFormat.EXTERNAL_SECRET.externalName(), Map.of("externalSecret.store", "vault-backend", "externalSecret.remoteKey", "agents/prod-eu-1"))
      .invalid("vault").since("0.1.0")
      .doc("How the private key reaches the cluster: {@code secret} (a Secret holding the key; default), {@code sealed-secret} (a Bitnami SealedSecret "
          + "encrypted for sealedSecretsCertificate, safe to commit) or {@code external-secret} (an External Secrets Operator ExternalSecret that reads "
          + "the key from externalSecretStore; no key material at all).")
      .build();

  public static final Setting<Path> SEALED_SECRETS_CERTIFICATE = setting("sealedSecretsCertificate", Kind.FILE, Rules.file())
      .notInChart("the chart takes the sealed key per agent (humanitec.sealedSecret.*), which render-manifests writes with this certificate")
      .example("certs/sealed-secrets.pem", "secretFormat", SecretFormat.SEALED_SECRET.externalName()).since("0.1.0")
      .doc("The sealed-secrets controller's certificate (PEM, from {@code kubeseal --fetch-cert}) the key is sealed for when secretFormat is sealed-secret. "
          + "Strict scope: only the Secret's own namespace and name can unseal it.")
      .build();

  private static final Map<String, Object> EXTERNAL = Map.of("secretFormat", SecretFormat.EXTERNAL_SECRET.externalName(),
      "externalSecret.store", "vault-backend", "externalSecret.remoteKey", "agents/prod-eu-1");

  public static final Setting<String> EXTERNAL_SECRET_STORE = setting("externalSecret.store", Kind.TEXT, KubernetesRules.secretName())
      .parameter("externalSecretStore").chart("humanitec.externalSecret.store")
      .example("vault-backend", Map.of("secretFormat", SecretFormat.EXTERNAL_SECRET.externalName(), "externalSecret.remoteKey", "agents/prod-eu-1"))
      .invalid("Vault_Backend").since("0.1.0")
      .doc("Name of the External Secrets Operator store (SecretStore or ClusterSecretStore) that holds the key, for secretFormat external-secret.").build();

  public static final Setting<String> EXTERNAL_SECRET_STORE_KIND = setting("externalSecret.storeKind", Kind.TEXT, Rules.oneOf("SecretStore", "ClusterSecretStore"))
      .parameter("externalSecretStoreKind").defaultValue("SecretStore").chart("humanitec.externalSecret.storeKind")
      .example("ClusterSecretStore", EXTERNAL).invalid("Vault").since("0.1.0")
      .doc("Kind of externalSecretStore: SecretStore (in the agent's namespace) or ClusterSecretStore. Default: SecretStore.").build();

  public static final Setting<String> EXTERNAL_SECRET_REMOTE_KEY = setting("externalSecret.remoteKey", Kind.TEXT, Rules.printable())
      .parameter("externalSecretRemoteKey").chart("humanitec.externalSecret.remoteKey")
      .example("agents/prod-eu-2", Map.of("secretFormat", SecretFormat.EXTERNAL_SECRET.externalName(), "externalSecret.store", "vault-backend"))
      .invalid("a\u0007b").since("0.1.0")
      .doc("Key of the private key's entry in the external store (e.g. a Vault path), for secretFormat external-secret.").build();

  public static final Setting<String> EXTERNAL_SECRET_PROPERTY = setting("externalSecret.property", Kind.TEXT, Rules.printable())
      .parameter("externalSecretProperty").chart("humanitec.externalSecret.property")
      .example("private_key", EXTERNAL).invalid("a\u0007b").since("0.1.0")
      .doc("Property inside the remote entry that holds the PEM, when the entry has several (e.g. a JSON document). Default: the whole entry.").build();

  public static final Setting<String> EXTERNAL_SECRET_REFRESH_INTERVAL = setting("externalSecret.refreshInterval", Kind.TEXT,
          Rules.text(Names.DURATION, "a duration", "write e.g. 1h, 30m or 1h30m (0 reads the key once)"))
      .parameter("externalSecretRefreshInterval").defaultValue("1h").chart("humanitec.externalSecret.refreshInterval")
      .example("15m", EXTERNAL).invalid("hourly").since("0.1.0")
      .doc("How often the External Secrets Operator reads the key again, so a rotated key arrives by itself. Default: {@code 1h}.").build();

  // The pod

  public static final Setting<Map<String, String>> NODE_SELECTOR = setting("nodeSelector", Kind.PROPERTIES, KubernetesRules.labels())
      .chart("nodeSelector").example(Map.of("kubernetes.io/os", "linux")).invalid(Map.of("bad key!", "x")).since("0.1.0")
      .doc("Pod node selector.").build();

  public static final Setting<Object> TOLERATIONS = setting("tolerations", Kind.YAML,
          KubernetesRules.listOf(Toleration.class, "a list of tolerations", "[{key: dedicated, operator: Exists}]"))
      .chart("tolerations").example("[{key: dedicated, operator: Equal, value: agents, effect: NoSchedule}]").invalid("[{key: a, opertor: Exists}]")
      .since("0.1.0").doc("Pod tolerations, as YAML (a list, as in a Pod spec).").build();

  public static final Setting<Object> AFFINITY = setting("affinity", Kind.YAML,
          KubernetesRules.objectOf(Affinity.class, "a mapping (nodeAffinity, podAffinity, podAntiAffinity)"))
      .chart("affinity")
      .example("{nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [amd64]}]}]}}}")
      .invalid("{nodeAffinity: {requiredDuringScheduling: {}}}").since("0.1.0")
      .doc("Pod affinity, as YAML (as in a Pod spec).").build();

  public static final Setting<Map<String, String>> POD_ANNOTATIONS = setting("podAnnotations", Kind.PROPERTIES, KubernetesRules.annotations())
      .chart("podAnnotations").example(Map.of("example.com/team", "platform")).invalid(Map.of("bad key!", "x")).since("0.1.0")
      .doc("Pod annotations.").build();

  public static final Setting<Map<String, String>> POD_LABELS = setting("podLabels", Kind.PROPERTIES, KubernetesRules.labels())
      .chart("podLabels").example(Map.of("team", "platform")).invalid(Map.of("team", "not a label value")).since("0.1.0")
      .doc("Extra pod labels. The selector labels app.kubernetes.io/name and app.kubernetes.io/instance are the Deployment's own.").build();

  public static final Setting<Object> EXTRA_VOLUMES = setting("extraVolumes", Kind.YAML,
          KubernetesRules.listOf(Volume.class, "a list of volumes", "[{name: tunnel-ca, configMap: {name: tunnel-ca}}]"))
      .chart("extraVolumes").example("[{name: tunnel-ca, configMap: {name: tunnel-ca}}]").invalid("[{name: tunnel-ca, configMop: {}}]").since("0.1.0")
      .doc("More pod volumes, as YAML (a list, as in a Pod spec), e.g. a ConfigMap with the CA bundle for {@code TUNNEL_CA_BUNDLE}; mount them "
          + "with extraVolumeMounts.")
      .build();

  public static final Setting<Object> EXTRA_VOLUME_MOUNTS = setting("extraVolumeMounts", Kind.YAML,
          KubernetesRules.listOf(VolumeMount.class, "a list of volume mounts", "[{name: tunnel-ca, mountPath: /etc/agent-ca, readOnly: true}]"))
      .chart("extraVolumeMounts").example("[{name: tunnel-ca, mountPath: /etc/agent-ca, readOnly: true}]", "extraVolumes", "[{name: tunnel-ca, configMap: {name: tunnel-ca}}]")
      .invalid("[{name: tunnel-ca, mountPth: /etc/agent-ca}]").since("0.1.0")
      .doc("Where the agent's container mounts extraVolumes, as YAML (a list, as in a container spec).").build();

  public static final Setting<Boolean> NETWORK_POLICY = setting("networkPolicy", Kind.FLAG, Rules.flag())
      .defaultValue(false).chart("networkPolicy.enabled").example(true, "allowedTargets", List.of("10.0.0.0/8:5432")).invalid("on").since("0.1.0")
      .doc("Whether to render a NetworkPolicy for the agent's pods: no ingress (the agent listens on no port), egress only to DNS, the tunnel's "
          + "port, the proxy's port (HTTPS_PROXY in extraEnv) and allowedTargets, which it then requires. Default: false.")
      .build();

  // Azure Container Instances

  public static final Setting<String> ACI_LOCATION = setting("aci.location", Kind.TEXT, AgentRules.azureLocation())
      .parameter("aciLocation")
      .required("is required for Azure Container Instances", "set it to the Azure region of your resource group, e.g. westeurope", Purpose.ACI)
      .notInChart("Azure Container Instances only").example("westeurope").invalid("west_europe!").since("0.1.0")
      .doc("Azure region for Azure Container Instances (required by render-aci), e.g. {@code westeurope}.").build();

  public static final Setting<BigDecimal> ACI_CPU = setting("aci.cpu", Kind.NUMBER, Rules.positiveDecimal("0.05"))
      .parameter("aciCpu").defaultValue(new BigDecimal("0.05")).notInChart("Azure Container Instances only").example("0.1").invalid("-1").since("0.1.0")
      .doc("ACI CPU cores. Default: 0.05.").build();

  public static final Setting<BigDecimal> ACI_MEMORY_IN_GB = setting("aci.memoryInGB", Kind.NUMBER, Rules.positiveDecimal("0.1"))
      .parameter("aciMemoryInGB").defaultValue(new BigDecimal("0.1")).notInChart("Azure Container Instances only").example("0.25").invalid("0")
      .since("0.1.0").doc("ACI memory in GB. Default: 0.1.").build();

  public static final Setting<String> ACI_RESTART_POLICY = setting("aci.restartPolicy", Kind.TEXT, Rules.oneOf("Always", "OnFailure", "Never"))
      .parameter("aciRestartPolicy").defaultValue("Always").notInChart("Azure Container Instances only").example("OnFailure").invalid("Sometimes")
      .since("0.1.0").doc("ACI restart policy: Always, OnFailure or Never. Default: Always.").build();

  public static final Setting<String> ACI_RESOURCE_GROUP = setting("aci.resourceGroup", Kind.TEXT, Rules.text())
      .parameter("aciResourceGroup").notInChart("Azure Container Instances only").example("my-resource-group").since("0.1.0")
      .doc("Azure resource group, used in the printed {@code az container create} command.").build();

  // The resource definition

  public static final Setting<String> DEFINITION_ID = setting("definition.id", Kind.TEXT, AgentRules.definitionId())
      .parameter("definitionId").defaultFrom(v -> v.get(AGENT_ID)).notInChart(ANY_AGENT).example("eu-agent").invalid("EU_Agent").since("0.1.0")
      .doc("Resource definition id. Default: the agent id.").build();

  public static final Setting<String> DEFINITION_NAME = setting("definition.name", Kind.TEXT, Rules.text())
      .parameter("definitionName").defaultFrom(v -> v.get(DEFINITION_ID)).notInChart(ANY_AGENT).example("EU agent").since("0.1.0")
      .doc("Resource definition name. Default: the definition id.").build();

  public static final Setting<List<Map<String, String>>> DEFINITION_CRITERIA = setting("definition.criteria", Kind.CRITERIA, AgentRules.criteria())
      .parameter("criteria").defaultValue(Defaults.CRITERIA).notInChart(ANY_AGENT)
      .example(List.of(Map.of("env_type", "production", "class", "eu"))).invalid(List.of(Map.of("environment", "dev"))).since("0.1.0")
      .doc("Matching criteria of the resource definition. Default: one rule, env_type development and res_id agent. Rules with the Agent API's keys.")
      .build();

  /** Every setting, in the order of the POM parameters, the spec model and the agent's environment. */
  public static final List<Setting<?>> ALL = List.of(
      AGENT_ID, DESCRIPTION, ORGANIZATIONS, NAME, NAMESPACE, CREATE_NAMESPACE, IMAGE, IMAGE_PULL_POLICY, IMAGE_PULL_SECRETS, REPLICAS,
      CPU_REQUEST, MEMORY_REQUEST, CPU_LIMIT, MEMORY_LIMIT, REVISION_HISTORY_LIMIT, STRATEGY, RUN_AS_USER, PRIVATE_KEY_FILE, CONNECTION_ID,
      CONNECTION_ID_FROM_POD_NAME, LOG_LEVEL, TUNNEL_URL, FAIL_ON_MISSING_TUNNEL_URL, ALLOWED_TARGETS, EXTRA_ENV, EXTRA_ENV_FROM, PRIVATE_KEY_PATH,
      EXISTING_SECRET, EXISTING_SECRET_KEY, SECRET_FORMAT, SEALED_SECRETS_CERTIFICATE, EXTERNAL_SECRET_STORE, EXTERNAL_SECRET_STORE_KIND,
      EXTERNAL_SECRET_REMOTE_KEY, EXTERNAL_SECRET_PROPERTY, EXTERNAL_SECRET_REFRESH_INTERVAL, NODE_SELECTOR, TOLERATIONS, AFFINITY, POD_ANNOTATIONS,
      POD_LABELS, EXTRA_VOLUMES, EXTRA_VOLUME_MOUNTS, NETWORK_POLICY, ACI_LOCATION, ACI_CPU, ACI_MEMORY_IN_GB, ACI_RESTART_POLICY, ACI_RESOURCE_GROUP,
      DEFINITION_ID, DEFINITION_NAME, DEFINITION_CRITERIA);

  private static final Map<String, Setting<?>> BY_PATH = index();

  private Settings() {}

  /** The setting at a spec path, or null. */
  public static Setting<?> byPath(String path) {
    return BY_PATH.get(path);
  }

  /** Mappings in spec files that only group settings ({@code resources}, {@code resources.limits}, {@code aci}, ...). */
  public static Set<String> groups() {
    Set<String> groups = new LinkedHashSet<>();
    for (Setting<?> s : ALL) {
      String p = s.path();
      for (int dot = p.indexOf('.'); dot > 0; dot = p.indexOf('.', dot + 1)) {
        groups.add(p.substring(0, dot));
      }
    }
    return groups;
  }

  /** The POM parameter that configures a spec path, e.g. {@code extraEnv} for {@code extraEnv.FOO}; the path itself when none does. */
  public static String parameterFor(String path) {
    for (String p = path; ; p = p.substring(0, p.lastIndexOf('.'))) {
      Setting<?> s = BY_PATH.get(p);
      if (s != null) {
        return s.parameter();
      }
      if (p.lastIndexOf('.') < 0) {
        return path;
      }
    }
  }

  private static Map<String, Setting<?>> index() {
    Map<String, Setting<?>> byPath = new LinkedHashMap<>();
    Set<String> parameters = new LinkedHashSet<>();
    for (Setting<?> s : ALL) {
      if (byPath.put(s.path(), s) != null || !parameters.add(s.parameter())) {
        throw new IllegalStateException("declared twice: " + s.path() + " / " + s.parameter());
      }
    }
    return byPath;
  }
}
