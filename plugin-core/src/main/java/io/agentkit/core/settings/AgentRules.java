package io.agentkit.core.settings;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.env.LogLevel;
import io.agentkit.contract.env.TargetPattern;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Rules for what the agent, the Agent API and Humanitec's resource definitions accept. */
final class AgentRules {

  private static final Set<String> SYSTEM_DIRECTORIES =
      Set.of("/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/run", "/sbin", "/sys", "/usr", "/var", "/tmp");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]+)?");
  private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Set<String> CRITERIA_KEYS = Set.of("env_type", "env_id", "app_id", "res_id", "class");

  private AgentRules() {}

  static Rule<String> agentId() {
    return (r, path) -> {
      String id = r.string(path);
      if (id != null && !Names.AGENT_ID.matcher(id).matches()) {
        String repaired = Names.repairId(id);
        r.problem(path, "'" + id + "' is not a valid agent id: the Agent API allows lowercase letters, digits and single dashes between them, at least 2 characters",
            repaired != null ? "use '" + repaired + "'" : "choose an id such as 'prod-eu-1'");
      }
      return id;
    };
  }

  static Rule<List<String>> organizations() {
    return Rules.list(Names.ORGANIZATION, "a valid organization id", "use the id from your Humanitec URL: lowercase letters, digits and dashes");
  }

  static Rule<LogLevel> logLevel() {
    return (r, path) -> {
      String v = r.string(path);
      if (v == null) {
        return null;
      }
      Optional<LogLevel> level = LogLevel.parse(v);
      if (level.isEmpty()) {
        r.problem(path, "'" + v + "' is not a log level of the agent (" + LogLevel.choices() + ")", LogLevel.suggestionFor(v));
      }
      return level.orElse(null);
    };
  }

  /**
   * An image reference as registries read it ({@code [registry[:port]/]repository[:tag][@sha256:digest]}).
   * Repository names are lowercase: an upper-case one gets its own message, because the pull would
   * fail only on the cluster.
   */
  static Rule<String> image(String example) {
    return (r, path) -> {
      String image = r.string(path);
      if (image == null) {
        return null;
      }
      String[] problem = imageProblem(image);
      if (problem != null) {
        r.problem(path, "'" + image + "' " + problem[0], problem[1] != null ? problem[1] : "write registry/repository:tag, e.g. " + example);
      }
      return image;
    };
  }

  /** The problem and fix for an image reference, or null when it is valid. */
  static String[] imageProblem(String image) {
    String rest = image;
    int at = rest.indexOf('@');
    if (at >= 0) {
      if (!DIGEST.matcher(rest.substring(at + 1)).matches()) {
        return new String[] {"has a digest that is not sha256: and 64 lowercase hex digits", null};
      }
      rest = rest.substring(0, at);
    }
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      if (!TAG.matcher(rest.substring(colon + 1)).matches()) {
        return new String[] {"has a tag that is not letters, digits, '_', '.' and '-' (at most 128)", null};
      }
      rest = rest.substring(0, colon);
    }
    List<String> parts = List.of(rest.split("/", -1));
    int first = parts.size() > 1 && (parts.get(0).contains(".") || parts.get(0).contains(":") || parts.get(0).equals("localhost")) ? 1 : 0;
    if (first == 1 && !REGISTRY.matcher(parts.get(0)).matches()) {
      return new String[] {"has a registry that is not host[:port]", null};
    }
    List<String> repository = parts.subList(first, parts.size());
    if (repository.isEmpty() || repository.stream().anyMatch(String::isEmpty)) {
      return new String[] {"is not an image reference", null};
    }
    if (repository.stream().allMatch(c -> PATH_COMPONENT.matcher(c).matches())) {
      return null;
    }
    if (repository.stream().allMatch(c -> PATH_COMPONENT.matcher(c.toLowerCase(java.util.Locale.ROOT)).matches())) {
      String lower = String.join("/", repository).toLowerCase(java.util.Locale.ROOT);
      return new String[] {"has upper-case letters in its repository '" + String.join("/", repository)
          + "'; registries accept only lowercase repository names, so pulling it would fail",
          "write " + image.replace(String.join("/", repository), lower)};
    }
    return new String[] {"is not an image reference", null};
  }

  /** {@code ALLOWED_TARGETS} patterns, each as the agent reads it. */
  static Rule<List<String>> allowedTargets() {
    return (r, path) -> {
      List<String> items = r.stringList(path);
      if (items.isEmpty()) {
        return r.isSet(path) ? List.of() : null;
      }
      List<String> patterns = new ArrayList<>();
      for (String item : items) {
        if (item.isEmpty()) {
          r.problem(path, "contains an empty entry", "remove the stray comma or empty list entry");
          continue;
        }
        try {
          TargetPattern.parse(item);
          patterns.add(item);
        } catch (TargetPattern.InvalidPatternException e) {
          r.problem(path, e.getMessage(), "use host:port patterns such as " + TargetPattern.EXAMPLES + ", or * for any target");
        }
      }
      return patterns;
    };
  }

  static Rule<String> tunnelUrl() {
    return (r, path) -> {
      String v = r.string(path);
      if (v == null) {
        return null;
      }
      try {
        URI uri = new URI(v);
        if (!"wss".equals(uri.getScheme()) && !"ws".equals(uri.getScheme()) || uri.getHost() == null) {
          r.problem(path, "'" + v + "' is not a WebSocket URL", "write wss://host[:port]/path, e.g. " + AgentEnv.DEFAULT_TUNNEL_URL);
        }
      } catch (URISyntaxException e) {
        r.problem(path, "'" + v + "' is not a URL (" + e.getReason() + ")", "write wss://host[:port]/path");
      }
      return v;
    };
  }

  /** An absolute file path in a directory of its own: the key volume is mounted over that directory. */
  static Rule<String> privateKeyFile() {
    return (r, path) -> {
      String v = r.string(path);
      if (v == null) {
        return null;
      }
      String fix = "use an absolute path in its own directory, e.g. " + AgentEnv.DEFAULT_PRIVATE_KEY_FILE;
      if (!v.startsWith("/") || v.endsWith("/") || v.contains("//") || v.contains("/./") || v.contains("/../") || v.contains("\\")) {
        r.problem(path, "'" + v + "' is not a normalized absolute file path", fix);
        return v;
      }
      String dir = v.substring(0, v.lastIndexOf('/'));
      if (dir.isEmpty() || SYSTEM_DIRECTORIES.contains(dir)) {
        r.problem(path, "would mount the key volume over " + (dir.isEmpty() ? "/" : dir) + ", hiding the image's files there", fix);
      }
      return v;
    };
  }

  /** Azure accepts the short name (westeurope) and the display name (West Europe); anything else is a typo. */
  static Rule<String> azureLocation() {
    return Rules.text(Pattern.compile("[A-Za-z0-9][A-Za-z0-9 -]*"), "an Azure location name",
        "use a name `az account list-locations -o table` prints, e.g. westeurope");
  }

  static Rule<String> definitionId() {
    return Rules.text(Names.DEFINITION_ID, "a valid resource definition id", "use lowercase letters, digits and dashes");
  }

  /** Matching rules of the resource definition, with the Agent API's keys in the order written. */
  static Rule<List<Map<String, String>>> criteria() {
    return (r, path) -> {
      Object raw = r.structure(path);
      if (raw == null) {
        return null;
      }
      if (!(raw instanceof List<?> list)) {
        r.problem(path, "expected a list of matching rules, got " + SpecReader.shape(raw), "write e.g. [{env_type: development, res_id: agent}]");
        return null;
      }
      List<Map<String, String>> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof Map<?, ?> m) || m.isEmpty()) {
          r.problem(path, "entry " + i + " is not a non-empty mapping", "write e.g. {env_type: development}");
          continue;
        }
        Map<String, String> rule = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          String key = String.valueOf(e.getKey());
          if (!CRITERIA_KEYS.contains(key)) {
            r.problem(path, "entry " + i + " has an unknown key '" + key + "'", "use " + String.join(", ", new TreeSet<>(CRITERIA_KEYS)));
          } else if (!(e.getValue() instanceof String s) || s.isBlank()) {
            r.problem(path, "entry " + i + ": " + key + " needs a text value", "write e.g. " + key + ": development");
          } else {
            rule.put(key, s);
          }
        }
        out.add(rule);
      }
      return out;
    };
  }
}
