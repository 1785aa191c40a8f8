package io.agentkit.agent.config;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.env.LogLevel;
import io.agentkit.contract.keys.AgentPrivateKey;
import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.contract.keys.PrivateKeyReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The agent's validated configuration, read once from the environment. */
public record AgentConfig(
    List<String> orgs,
    Path privateKeyFile,
    AgentPrivateKey key,
    String connectionId,
    LogLevel logLevel,
    URI tunnelUrl,
    Path caBundle,
    TargetAllowlist allowlist,
    ProxyConfig proxy,
    int shutdownGraceSeconds) {

  private static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Organizations as the handshake header carries them. */
  public String orgsHeader() {
    return String.join(AgentEnv.ORGS_SEPARATOR, orgs);
  }

  public static AgentConfig fromEnv(Map<String, String> env) throws ConfigException {
    return fromEnv(env, true);
  }

  /** {@code readKey} false leaves the key out: the {@code check} command reads it itself to report on it. */
  public static AgentConfig fromEnv(Map<String, String> env, boolean readKey) throws ConfigException {
    LogLevel level = logLevel(env.get(AgentEnv.LOG_LEVEL));
    List<String> orgs = orgs(env.get(AgentEnv.ORGS));
    Path keyFile = keyFile(env.getOrDefault(AgentEnv.PRIVATE_KEY_FILE, AgentEnv.DEFAULT_PRIVATE_KEY_FILE));
    String connectionId = connectionId(env.getOrDefault(AgentEnv.CONNECTION_ID, ""));
    URI url = tunnelUrl(env.getOrDefault(AgentEnv.TUNNEL_URL, AgentEnv.DEFAULT_TUNNEL_URL));
    Path ca = caBundle(env.get(AgentEnv.TUNNEL_CA_BUNDLE));
    TargetAllowlist allow = TargetAllowlist.parse(env.getOrDefault(AgentEnv.ALLOWED_TARGETS, AgentEnv.DEFAULT_ALLOWED_TARGETS));
    ProxyConfig proxy = ProxyConfig.fromEnv(env);
    int grace = grace(env.get(AgentEnv.SHUTDOWN_GRACE_SECONDS));
    AgentPrivateKey key = null;
    if (readKey) {
      try {
        key = PrivateKeyReader.read(keyFile);
      } catch (KeyFileException e) {
        throw new ConfigException(AgentEnv.PRIVATE_KEY_FILE, "= " + e.file() + " " + e.problem(), e.fix());
      }
    }
    return new AgentConfig(orgs, keyFile, key, connectionId, level, url, ca, allow, proxy, grace);
  }

  public AgentConfig withKey(AgentPrivateKey k) {
    return new AgentConfig(orgs, privateKeyFile, k, connectionId, logLevel, tunnelUrl, caBundle, allowlist, proxy, shutdownGraceSeconds);
  }

  private static LogLevel logLevel(String value) throws ConfigException {
    if (value == null || value.isEmpty()) {
      return AgentEnv.DEFAULT_LOG_LEVEL;
    }
    return LogLevel.parse(value).orElseThrow(() -> new ConfigException(AgentEnv.LOG_LEVEL,
        "is '" + value + "', not one of " + LogLevel.choices(), LogLevel.suggestionFor(value)));
  }

  private static List<String> orgs(String value) throws ConfigException {
    if (value == null || value.isBlank()) {
      throw new ConfigException(AgentEnv.ORGS, "is not set",
          "set it to the Humanitec organization id the agent serves, or several separated by commas (ORGS=my-org)");
    }
    List<String> orgs = new ArrayList<>();
    for (String raw : value.split(AgentEnv.ORGS_SEPARATOR, -1)) {
      String org = raw.trim();
      if (org.isEmpty()) {
        throw new ConfigException(AgentEnv.ORGS, "'" + value + "' has an empty organization id", "separate ids with single commas, e.g. ORGS=org-a,org-b");
      }
      if (!ORG_ID.matcher(org).matches()) {
        throw new ConfigException(AgentEnv.ORGS, "contains '" + org + "', which is not an organization id",
            "use the ids as the Humanitec console shows them: letters, digits, '-', '_' or '.'");
      }
      if (!orgs.contains(org)) {
        orgs.add(org);
      }
    }
    return List.copyOf(orgs);
  }

  private static Path keyFile(String value) throws ConfigException {
    if (value.isBlank() || !value.startsWith("/")) {
      throw new ConfigException(AgentEnv.PRIVATE_KEY_FILE, "is '" + value + "', not an absolute path",
          "set it to the mounted key file, e.g. " + AgentEnv.DEFAULT_PRIVATE_KEY_FILE + ", or unset it for that default");
    }
    return Path.of(value);
  }

  private static String connectionId(String value) throws ConfigException {
    if (value.length() > 253 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ConfigException(AgentEnv.CONNECTION_ID, "must be at most 253 printable ASCII characters without spaces",
          "use the pod name (fieldRef metadata.name) or a short id such as replica-1");
    }
    return value;
  }

  private static URI tunnelUrl(String value) throws ConfigException {
    String fix = "set it to the orchestrator's tunnel endpoint, e.g. " + AgentEnv.DEFAULT_TUNNEL_URL + ", or unset it for that default";
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      throw new ConfigException(AgentEnv.TUNNEL_URL, "is not a URL", fix);
    }
    if (!"wss".equalsIgnoreCase(uri.getScheme())) {
      throw new ConfigException(AgentEnv.TUNNEL_URL, "must use wss:// (the tunnel always uses TLS)", fix);
    }
    if (uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
      throw new ConfigException(AgentEnv.TUNNEL_URL, "needs a host and no user info or fragment", fix);
    }
    return uri;
  }

  private static Path caBundle(String value) throws ConfigException {
    if (value == null || value.isBlank()) {
      return null;
    }
    Path p = Path.of(value);
    TrustConfig.load(p);
    return p;
  }

  private static int grace(String value) throws ConfigException {
    if (value == null || value.isBlank()) {
      return AgentEnv.DEFAULT_SHUTDOWN_GRACE_SECONDS;
    }
    try {
      int s = Integer.parseInt(value.trim());
      if (s >= 0 && s <= 3600) {
        return s;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new ConfigException(AgentEnv.SHUTDOWN_GRACE_SECONDS, "is '" + value + "', not a number of seconds from 0 to 3600",
        "set it a few seconds below the pod's terminationGracePeriodSeconds (default " + AgentEnv.DEFAULT_SHUTDOWN_GRACE_SECONDS + ")");
  }
}
