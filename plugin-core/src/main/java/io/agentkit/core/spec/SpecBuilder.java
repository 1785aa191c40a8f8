package io.agentkit.core.spec;

import static io.agentkit.core.spec.SpecPaths.*;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.env.LogLevel;
import io.agentkit.core.validate.StrictModel;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates a {@link SpecInput} and builds the {@link AgentSpec}, reporting every problem at once. */
public final class SpecBuilder {

  private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
  private static final Set<String> ACI_RESTART_POLICIES = Set.of("Always", "OnFailure", "Never");
  private static final Set<String> CRITERIA_KEYS = Set.of("env_type", "env_id", "app_id", "res_id", "class");
  private static final Set<String> SYSTEM_DIRECTORIES =
      Set.of("/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/run", "/sbin", "/sys", "/usr", "/var", "/tmp");
  private static final Pattern IMAGE_REFERENCE = Pattern.compile("^[a-z0-9][^\\s@]*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$");
  private static final Set<String> SELECTOR_LABELS = Set.of("app.kubernetes.io/name", "app.kubernetes.io/instance");

  private final String defaultImage;

  /**
   * @param defaultImage the image used when the spec names none: this build's own agent image
   */
  public SpecBuilder(String defaultImage) {
    this.defaultImage = defaultImage;
  }

  /** What a spec is built for: which settings must be present. */
  private enum Purpose {
    /** An agent's manifests, keys and definition: agent id and organizations are required. */
    AGENT,
    /** As AGENT, and the ACI location, which only the ACI output needs. */
    ACI,
    /** A chart's value defaults: a chart serves any agent, so there is no agent id, and the organization may come at install time. */
    CHART
  }

  public AgentSpec build(SpecInput input) throws InvalidSpecException {
    return build(input, Purpose.AGENT);
  }

  /** As {@link #build}, and the ACI location, which only the ACI output needs, is required. */
  public AgentSpec buildForAci(SpecInput input) throws InvalidSpecException {
    return build(input, Purpose.ACI);
  }

  /**
   * The settings a chart takes as value defaults, validated as for an agent; no agent id (a chart
   * serves any agent) and no organization are required. The result has no agent id.
   */
  public AgentSpec buildChartDefaults(SpecInput input) throws InvalidSpecException {
    return build(input, Purpose.CHART);
  }

  private AgentSpec build(SpecInput input, Purpose purpose) throws InvalidSpecException {
    SpecReader r = new SpecReader(input);
    boolean forAci = purpose == Purpose.ACI;

    String agentId = purpose == Purpose.CHART ? null : agentId(r);
    List<String> organizations = organizations(r, purpose != Purpose.CHART);
    String name = dnsLabel(r, NAME, SpecDefaults.NAME);
    String namespace = dnsLabel(r, NAMESPACE, SpecDefaults.NAMESPACE);
    String image = image(r);
    String pullPolicy = oneOf(r, IMAGE_PULL_POLICY, PULL_POLICIES, null);
    List<String> pullSecrets = names(r, IMAGE_PULL_SECRETS);
    int replicas = replicas(r);
    ResourceRequirements resources = resources(r);
    ConnectionId connectionId = connectionId(r, replicas);
    LogLevel logLevel = logLevel(r);
    String privateKeyFile = privateKeyFile(r);
    String tunnelUrl = tunnelUrl(r);
    Map<String, String> extraEnv = extraEnv(r);
    Map<String, String> nodeSelector = labels(r, NODE_SELECTOR);
    List<Object> tolerations = tolerations(r);
    Map<String, Object> affinity = affinity(r);
    Map<String, String> podAnnotations = annotations(r);
    Map<String, String> podLabels = podLabels(r);
    String existingSecret = existingSecret(r);
    String existingSecretKey = secretKey(r, existingSecret);
    AciSettings aci = aci(r, forAci);
    DefinitionSettings definition = definition(r, agentId);
    String description = r.string(DESCRIPTION);
    Path privateKeyPath = r.path(PRIVATE_KEY_PATH);

    if (!r.problems().isEmpty()) {
      throw new InvalidSpecException(input.name(), r.problems());
    }
    return new AgentSpec(
        input.name(), agentId, description != null || agentId == null ? description : SpecDefaults.description(agentId), organizations,
        name, namespace, r.bool(CREATE_NAMESPACE, true), image, pullPolicy, pullSecrets, replicas, resources,
        connectionId, logLevel, privateKeyFile, privateKeyPath, tunnelUrl, extraEnv, nodeSelector, tolerations,
        affinity, podAnnotations, podLabels, existingSecret, existingSecretKey, aci, definition);
  }

  private static String agentId(SpecReader r) {
    String id = r.string(AGENT_ID);
    if (id == null) {
      if (!r.isSet(AGENT_ID)) {
        r.problem(AGENT_ID, "is required", "choose an id of lowercase letters, digits and dashes, e.g. 'prod-eu-1'");
      }
      return null;
    }
    if (!Names.AGENT_ID.matcher(id).matches()) {
      String repaired = Names.repairId(id);
      r.problem(AGENT_ID, "'" + id + "' is not a valid agent id: the Agent API allows lowercase letters, digits and single dashes between them, at least 2 characters",
          repaired != null ? "use '" + repaired + "'" : "choose an id such as 'prod-eu-1'");
    }
    return id;
  }

  private static List<String> organizations(SpecReader r, boolean required) {
    List<String> orgs = r.stringList(ORGANIZATIONS);
    if (orgs.isEmpty() && required) {
      r.problem(ORGANIZATIONS, "is required: the agent needs at least one organization (the ORGS variable)", "set it to your Humanitec organization id");
      return orgs;
    }
    Set<String> seen = new HashSet<>();
    for (String org : orgs) {
      if (org.isEmpty()) {
        r.problem(ORGANIZATIONS, "contains an empty entry", "remove the stray comma or empty list entry");
      } else if (!Names.ORGANIZATION.matcher(org).matches()) {
        r.problem(ORGANIZATIONS, "'" + org + "' is not a valid organization id", "use the id from your Humanitec URL: lowercase letters, digits and dashes");
      } else if (!seen.add(org)) {
        r.problem(ORGANIZATIONS, "'" + org + "' is listed twice", "list each organization once");
      }
    }
    return orgs;
  }

  private static String dnsLabel(SpecReader r, String path, String defaultValue) {
    String v = r.string(path, defaultValue);
    if (v != null && !Names.DNS_LABEL.matcher(v).matches()) {
      r.problem(path, "'" + v + "' is not a valid Kubernetes name", "use at most 63 lowercase letters, digits and dashes, starting and ending with a letter or digit");
    }
    return v;
  }

  private String image(SpecReader r) {
    String image = r.string(IMAGE, defaultImage);
    if (image != null && !IMAGE_REFERENCE.matcher(image).matches()) {
      r.problem(IMAGE, "'" + image + "' is not an image reference", "write registry/repository:tag, e.g. " + defaultImage);
    }
    return image;
  }

  private static String oneOf(SpecReader r, String path, Set<String> allowed, String defaultValue) {
    String v = r.string(path, defaultValue);
    if (v != null && !allowed.contains(v)) {
      r.problem(path, "'" + v + "' is not allowed", "use one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
    }
    return v;
  }

  private static List<String> names(SpecReader r, String path) {
    List<String> names = r.stringList(path);
    for (String n : names) {
      if (!Names.DNS_SUBDOMAIN.matcher(n).matches()) {
        r.problem(path, "'" + n + "' is not a valid Secret name", "use lowercase letters, digits, dashes and dots");
      }
    }
    return names;
  }

  private static int replicas(SpecReader r) {
    int replicas = r.integer(REPLICAS, SpecDefaults.REPLICAS);
    if (replicas < 0) {
      r.problem(REPLICAS, replicas + " is negative", "use 1 or more (0 stops the agent)");
    }
    return replicas;
  }

  private static ResourceRequirements resources(SpecReader r) {
    String cpuRequest = quantity(r, CPU_REQUEST, SpecDefaults.CPU_REQUEST, false);
    String memoryRequest = quantity(r, MEMORY_REQUEST, SpecDefaults.MEMORY_REQUEST, true);
    String cpuLimit = quantity(r, CPU_LIMIT, SpecDefaults.CPU_LIMIT, false);
    String memoryLimit = quantity(r, MEMORY_LIMIT, SpecDefaults.MEMORY_LIMIT, true);
    requestWithinLimit(r, CPU_REQUEST, cpuRequest, cpuLimit);
    requestWithinLimit(r, MEMORY_REQUEST, memoryRequest, memoryLimit);
    return new ResourceRequirements(cpuRequest, memoryRequest, cpuLimit, memoryLimit);
  }

  private static String quantity(SpecReader r, String path, String defaultValue, boolean memory) {
    String v = r.string(path, defaultValue);
    if (v == null) {
      return defaultValue;
    }
    Optional<BigDecimal> amount = Quantities.parse(v);
    if (amount.isEmpty()) {
      String fix = memory
          ? Quantities.memorySuggestion(v).orElse("write a Kubernetes quantity such as " + defaultValue + " (Ki, Mi, Gi are powers of 1024)")
          : "write cores as a decimal (" + defaultValue + ") or millicores (250m)";
      r.problem(path, "'" + v + "' is not a Kubernetes quantity", fix);
      return null;
    }
    if (amount.get().signum() <= 0) {
      r.problem(path, "'" + v + "' must be greater than zero", "write a positive quantity such as " + defaultValue);
      return null;
    }
    if (memory && v.endsWith("m")) {
      r.problem(path, "'" + v + "' means " + amount.get().toPlainString() + " bytes ('m' is milli)", "write " + v.substring(0, v.length() - 1) + "Mi for mebibytes");
      return null;
    }
    return v;
  }

  private static void requestWithinLimit(SpecReader r, String requestPath, String request, String limit) {
    if (request == null || limit == null) {
      return;
    }
    BigDecimal req = Quantities.parse(request).orElseThrow();
    BigDecimal lim = Quantities.parse(limit).orElseThrow();
    if (req.compareTo(lim) > 0) {
      r.problem(requestPath, "'" + request + "' is more than the limit '" + limit + "'; Kubernetes rejects such a Deployment", "lower the request or raise the limit");
    }
  }

  private static ConnectionId connectionId(SpecReader r, int replicas) {
    String fixed = r.string(CONNECTION_ID);
    boolean fromPodName = r.bool(CONNECTION_ID_FROM_POD_NAME, true);
    if (fixed != null) {
      if (fixed.chars().anyMatch(Character::isISOControl)) {
        r.problem(CONNECTION_ID, "contains control characters", "use printable characters only");
      }
      if (r.isSet(CONNECTION_ID_FROM_POD_NAME) && fromPodName) {
        r.problem(CONNECTION_ID, "is set together with connectionIdFromPodName=true", "keep one: a fixed id, or the pod name");
      }
      if (replicas > 1) {
        r.problem(CONNECTION_ID, "is a fixed id shared by " + replicas + " replicas; the orchestrator replaces a session when another connects with the same id",
            "remove it so each replica uses its pod name");
      }
      return new ConnectionId.Fixed(fixed);
    }
    return fromPodName ? new ConnectionId.PodName() : new ConnectionId.None();
  }

  private static LogLevel logLevel(SpecReader r) {
    String v = r.string(LOG_LEVEL);
    if (v == null) {
      return null;
    }
    Optional<LogLevel> level = LogLevel.parse(v);
    if (level.isEmpty()) {
      r.problem(LOG_LEVEL, "'" + v + "' is not a log level of the agent (" + LogLevel.choices() + ")", LogLevel.suggestionFor(v));
      return null;
    }
    return level.get();
  }

  private static String privateKeyFile(SpecReader r) {
    String v = r.string(PRIVATE_KEY_FILE, AgentEnv.DEFAULT_PRIVATE_KEY_FILE);
    if (v == null) {
      return AgentEnv.DEFAULT_PRIVATE_KEY_FILE;
    }
    String fix = "use an absolute path in its own directory, e.g. " + AgentEnv.DEFAULT_PRIVATE_KEY_FILE;
    if (!v.startsWith("/") || v.endsWith("/") || v.contains("//") || v.contains("/./") || v.contains("/../") || v.contains("\\")) {
      r.problem(PRIVATE_KEY_FILE, "'" + v + "' is not a normalized absolute file path", fix);
      return v;
    }
    int slash = v.lastIndexOf('/');
    String dir = v.substring(0, slash);
    if (dir.isEmpty() || SYSTEM_DIRECTORIES.contains(dir)) {
      r.problem(PRIVATE_KEY_FILE, "would mount the key volume over " + (dir.isEmpty() ? "/" : dir) + ", hiding the image's files there", fix);
    }
    return v;
  }

  private static String tunnelUrl(SpecReader r) {
    String v = r.string(TUNNEL_URL);
    if (v == null) {
      return null;
    }
    try {
      URI uri = new URI(v);
      if (!"wss".equals(uri.getScheme()) && !"ws".equals(uri.getScheme()) || uri.getHost() == null) {
        r.problem(TUNNEL_URL, "'" + v + "' is not a WebSocket URL", "write wss://host[:port]/path, e.g. " + AgentEnv.DEFAULT_TUNNEL_URL);
      }
    } catch (URISyntaxException e) {
      r.problem(TUNNEL_URL, "'" + v + "' is not a URL (" + e.getReason() + ")", "write wss://host[:port]/path");
    }
    return v;
  }

  private static Map<String, String> extraEnv(SpecReader r) {
    Map<String, String> env = r.stringMap(EXTRA_ENV);
    for (String name : env.keySet()) {
      if (!Names.ENV_NAME.matcher(name).matches()) {
        r.problem(EXTRA_ENV, "'" + name + "' is not a valid environment variable name", "use letters, digits and underscores, not starting with a digit");
      } else if (settingFor(name) != null) {
        r.problem(EXTRA_ENV, name + " has its own setting", "use " + settingFor(name) + " instead of extraEnv");
      }
    }
    return env;
  }

  /** The spec setting that renders an agent variable, or null for variables that go through extraEnv. */
  private static String settingFor(String envName) {
    return switch (envName) {
      case AgentEnv.ORGS -> ORGANIZATIONS;
      case AgentEnv.PRIVATE_KEY_FILE -> PRIVATE_KEY_FILE;
      case AgentEnv.CONNECTION_ID -> CONNECTION_ID;
      case AgentEnv.LOG_LEVEL -> LOG_LEVEL;
      case AgentEnv.TUNNEL_URL -> TUNNEL_URL;
      default -> null;
    };
  }

  private static Map<String, String> labels(SpecReader r, String path) {
    Map<String, String> labels = r.stringMap(path);
    labels.forEach((k, v) -> {
      if (!Names.isQualifiedKey(k)) {
        r.problem(path, "'" + k + "' is not a valid label key", "use [prefix/]name with at most 63 letters, digits, '-', '_' or '.'");
      }
      if (!Names.LABEL_VALUE.matcher(v).matches()) {
        r.problem(path, "value '" + v + "' of " + k + " is not a valid label value", "use at most 63 letters, digits, '-', '_' or '.'");
      }
    });
    return labels;
  }

  private static Map<String, String> podLabels(SpecReader r) {
    Map<String, String> labels = labels(r, POD_LABELS);
    for (String k : labels.keySet()) {
      if (SELECTOR_LABELS.contains(k)) {
        r.problem(POD_LABELS, k + " is a selector label the Deployment sets itself", "remove it; the instance name comes from the 'name' setting");
      }
    }
    return labels;
  }

  private static Map<String, String> annotations(SpecReader r) {
    Map<String, String> annotations = r.stringMap(POD_ANNOTATIONS);
    for (String k : annotations.keySet()) {
      if (!Names.isQualifiedKey(k)) {
        r.problem(POD_ANNOTATIONS, "'" + k + "' is not a valid annotation key", "use [prefix/]name with at most 63 letters, digits, '-', '_' or '.'");
      }
    }
    return annotations;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> tolerations(SpecReader r) {
    Object raw = r.structure(TOLERATIONS);
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> list)) {
      r.problem(TOLERATIONS, "expected a list of tolerations, got " + SpecReader.shape(raw), "write a YAML list, e.g. [{key: dedicated, operator: Exists}]");
      return List.of();
    }
    for (int i = 0; i < list.size(); i++) {
      strict(r, TOLERATIONS, list.get(i), Toleration.class, "[" + i + "]");
    }
    return (List<Object>) list;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> affinity(SpecReader r) {
    Object raw = r.structure(AFFINITY);
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof Map<?, ?> map)) {
      r.problem(AFFINITY, "expected a mapping (nodeAffinity, podAffinity, podAntiAffinity), got " + SpecReader.shape(raw), "write it as in a Pod spec");
      return null;
    }
    strict(r, AFFINITY, map, Affinity.class, "");
    return (Map<String, Object>) map;
  }

  private static void strict(SpecReader r, String path, Object tree, Class<?> type, String suffix) {
    try {
      StrictModel.convert(tree, type, "");
    } catch (StrictModel.StrictModelException e) {
      String at = suffix + (e.path().isEmpty() ? "" : (suffix.isEmpty() ? "" : ".") + e.path());
      r.problem(path, (at.isEmpty() ? "" : "at " + at + ": ") + e.problem(), "write it as in a Kubernetes Pod spec");
    }
  }

  private static String existingSecret(SpecReader r) {
    String v = r.string(EXISTING_SECRET);
    if (v != null && !Names.DNS_SUBDOMAIN.matcher(v).matches()) {
      r.problem(EXISTING_SECRET, "'" + v + "' is not a valid Secret name", "use lowercase letters, digits, dashes and dots");
    }
    return v;
  }

  private static String secretKey(SpecReader r, String existingSecret) {
    String v = r.string(EXISTING_SECRET_KEY, SpecDefaults.SECRET_KEY);
    if (v != null && !Names.SECRET_KEY.matcher(v).matches()) {
      r.problem(EXISTING_SECRET_KEY, "'" + v + "' is not a valid Secret key", "use letters, digits, '-', '_' and '.'");
    }
    if (existingSecret == null && r.isSet(EXISTING_SECRET_KEY)) {
      r.problem(EXISTING_SECRET_KEY, "only applies together with existingSecret", "set existingSecret, or remove existingSecretKey");
    }
    return v;
  }

  private static AciSettings aci(SpecReader r, boolean required) {
    String location = r.string(ACI_LOCATION);
    if (location == null && required && !r.isSet(ACI_LOCATION)) {
      r.problem(ACI_LOCATION, "is required for Azure Container Instances", "set it to the Azure region of your resource group, e.g. westeurope");
    }
    // Azure accepts the short name (westeurope) and the display name (West Europe); anything else is a typo.
    if (location != null && !location.matches("[A-Za-z0-9][A-Za-z0-9 -]*")) {
      r.problem(ACI_LOCATION, "'" + location + "' is not an Azure location name", "use a name `az account list-locations -o table` prints, e.g. westeurope");
    }
    BigDecimal cpu = positive(r, ACI_CPU, SpecDefaults.ACI_CPU);
    BigDecimal memory = positive(r, ACI_MEMORY_IN_GB, SpecDefaults.ACI_MEMORY_IN_GB);
    String restart = oneOf(r, ACI_RESTART_POLICY, ACI_RESTART_POLICIES, SpecDefaults.ACI_RESTART_POLICY);
    String group = r.string(ACI_RESOURCE_GROUP);
    return new AciSettings(location, cpu, memory, restart, group);
  }

  private static BigDecimal positive(SpecReader r, String path, BigDecimal defaultValue) {
    BigDecimal v = r.decimal(path, defaultValue);
    if (v.signum() <= 0) {
      r.problem(path, v.toPlainString() + " must be greater than zero", "use e.g. " + defaultValue.toPlainString());
    }
    return v;
  }

  private static DefinitionSettings definition(SpecReader r, String agentId) {
    String id = r.string(DEFINITION_ID, agentId);
    if (r.isSet(DEFINITION_ID) && id != null && !Names.DEFINITION_ID.matcher(id).matches()) {
      r.problem(DEFINITION_ID, "'" + id + "' is not a valid resource definition id", "use lowercase letters, digits and dashes");
    }
    String name = r.string(DEFINITION_NAME, id);
    return new DefinitionSettings(id, name, criteria(r));
  }

  private static List<Map<String, String>> criteria(SpecReader r) {
    Object raw = r.structure(DEFINITION_CRITERIA);
    if (raw == null) {
      return SpecDefaults.CRITERIA;
    }
    if (!(raw instanceof List<?> list)) {
      r.problem(DEFINITION_CRITERIA, "expected a list of matching rules, got " + SpecReader.shape(raw), "write e.g. [{env_type: development, res_id: agent}]");
      return List.of();
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> m) || m.isEmpty()) {
        r.problem(DEFINITION_CRITERIA, "entry " + i + " is not a non-empty mapping", "write e.g. {env_type: development}");
        continue;
      }
      Map<String, String> rule = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        if (!CRITERIA_KEYS.contains(key)) {
          r.problem(DEFINITION_CRITERIA, "entry " + i + " has an unknown key '" + key + "'", "use " + String.join(", ", new java.util.TreeSet<>(CRITERIA_KEYS)));
        } else if (!(e.getValue() instanceof String s) || s.isBlank()) {
          r.problem(DEFINITION_CRITERIA, "entry " + i + ": " + key + " needs a text value", "write e.g. " + key + ": development");
        } else {
          rule.put(key, s);
        }
      }
      out.add(rule);
    }
    return out;
  }
}
