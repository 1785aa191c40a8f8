package io.agentkit.orchestrator;

import io.agentkit.orchestrator.tunnel.TunnelAuthority;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings from {@code --name=value} arguments, each with an environment fallback and an embedded
 * default so {@code java -jar agent-kit-orchestrator-all.jar} runs as is.
 *
 * @param tunnelAuthority null: derived from the TLS certificate's names and the tunnel port
 */
public record OrchestratorConfig(
    Path dataDir,
    String tunnelBind,
    String apiBind,
    String proxyBind,
    int apiPort,
    int tunnelPort,
    int proxyPort,
    boolean proxyTls,
    Path tlsCert,
    Path tlsKey,
    List<String> tlsNames,
    TunnelAuthority tunnelAuthority,
    String token,
    long openTimeoutMillis) {

  /** Option name → environment variable, default and meaning (also the usage text). */
  static final String[][] OPTIONS = {
      {"data-dir", "ORCHESTRATOR_DATA_DIR", "orchestrator-data", "store, tokens, nonces and self-signed TLS files (directory mode 0700)"},
      {"tunnel-bind", "ORCHESTRATOR_TUNNEL_BIND", "127.0.0.1", "address of the tunnel endpoint, the one listener meant for the internet"},
      {"api-bind", "ORCHESTRATOR_API_BIND", "127.0.0.1", "address of the Agent API"},
      {"proxy-bind", "ORCHESTRATOR_PROXY_BIND", "127.0.0.1", "address of the CONNECT proxy"},
      {"api-port", "ORCHESTRATOR_API_PORT", "8443", "Agent API (HTTPS)"},
      {"tunnel-port", "ORCHESTRATOR_TUNNEL_PORT", "9443", "agent tunnel endpoint (wss, path /tunnel)"},
      {"proxy-port", "ORCHESTRATOR_PROXY_PORT", "3128", "HTTP CONNECT proxy into agents' networks"},
      {"proxy-tls", "ORCHESTRATOR_PROXY_TLS", "false", "serve the proxy over TLS with the API's certificate (curl --proxy https://...)"},
      {"tls-cert", "ORCHESTRATOR_TLS_CERT", "", "PEM certificate chain; empty: self-signed in <data-dir>/tls"},
      {"tls-key", "ORCHESTRATOR_TLS_KEY", "", "PKCS#8 PEM key of --tls-cert"},
      {"tls-names", "ORCHESTRATOR_TLS_NAMES", "localhost", "DNS names of the self-signed certificate (comma-separated)"},
      {"tunnel-authority", "ORCHESTRATOR_TUNNEL_AUTHORITY", "",
          "host[:port] in agents' TUNNEL_URL, comma-separated; handshakes signed for others are refused; empty: the certificate's names with --tunnel-port"},
      {"token", "ORCHESTRATOR_TOKEN", "", "API bearer token, at least 32 characters; empty: generated once into <data-dir>/api-token"},
      {"open-timeout-ms", "ORCHESTRATOR_OPEN_TIMEOUT_MS", "15000", "how long a CONNECT waits for the agent to open the target (then 504)"},
  };

  /** Options that are switches: {@code --proxy-tls} alone means true. */
  private static final List<String> SWITCHES = List.of("proxy-tls");

  public static OrchestratorConfig parse(String[] args, Map<String, String> env) {
    if (env.containsKey("ORCHESTRATOR_BIND")) {
      throw new IllegalArgumentException(
          "ORCHESTRATOR_BIND is gone: each listener has its own address now (ORCHESTRATOR_TUNNEL_BIND; ORCHESTRATOR_API_BIND and ORCHESTRATOR_PROXY_BIND default to loopback)");
    }
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a);
      }
      int eq = a.indexOf('=');
      if (eq > 0) {
        given.put(a.substring(2, eq), a.substring(eq + 1));
      } else if (SWITCHES.contains(a.substring(2)) && (i + 1 == args.length || args[i + 1].startsWith("--"))) {
        given.put(a.substring(2), "true");
      } else if (i + 1 < args.length) {
        given.put(a.substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException(a + " needs a value");
      }
    }
    if (given.containsKey("bind")) {
      throw new IllegalArgumentException("--bind is gone: each listener has its own address now"
          + " (--tunnel-bind for the agents' endpoint; --api-bind and --proxy-bind default to 127.0.0.1)");
    }
    Map<String, String> v = new HashMap<>();
    for (String[] o : OPTIONS) {
      v.put(o[0], given.containsKey(o[0]) ? given.remove(o[0]) : env.getOrDefault(o[1], o[2]));
    }
    if (!given.isEmpty()) {
      throw new IllegalArgumentException("unknown option --" + given.keySet().iterator().next());
    }
    Path data = Path.of(v.get("data-dir")).toAbsolutePath();
    String authority = v.get("tunnel-authority");
    return new OrchestratorConfig(
        data,
        v.get("tunnel-bind"),
        v.get("api-bind"),
        v.get("proxy-bind"),
        port(v, "api-port"),
        port(v, "tunnel-port"),
        port(v, "proxy-port"),
        bool(v, "proxy-tls"),
        v.get("tls-cert").isEmpty() ? null : Path.of(v.get("tls-cert")),
        v.get("tls-key").isEmpty() ? null : Path.of(v.get("tls-key")),
        List.of(v.get("tls-names").split(",")),
        authority.isBlank() ? null : TunnelAuthority.parse(authority),
        token(v.get("token")),
        millis(v, "open-timeout-ms"));
  }

  /** Without the token: a record's default would print it. */
  @Override
  public String toString() {
    return "OrchestratorConfig[dataDir=" + dataDir + ", tunnel=" + tunnelBind + ":" + tunnelPort + ", api=" + apiBind + ":" + apiPort
        + ", proxy=" + proxyBind + ":" + proxyPort + (proxyTls ? " (TLS)" : "") + ", tunnelAuthority=" + tunnelAuthority + "]";
  }

  static String usage() {
    StringBuilder sb = new StringBuilder("usage: java -jar agent-kit-orchestrator-all.jar [--option=value ...]\n");
    for (String[] o : OPTIONS) {
      sb.append(String.format("  --%-17s %-32s default %-17s %s%n", o[0], "(env " + o[1] + ")", o[2].isEmpty() ? "-" : o[2], o[3]));
    }
    return sb.toString();
  }

  /** A given token must be long enough to resist guessing; the message never repeats it. */
  private static String token(String value) {
    if (value.isEmpty()) {
      return value;
    }
    if (value.isBlank() || value.trim().length() < ApiToken.MIN_LENGTH || !value.trim().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("--token (ORCHESTRATOR_TOKEN) has " + value.trim().length() + " characters; it must be at least "
          + ApiToken.MIN_LENGTH + " printable ones without spaces: generate one with `openssl rand -hex 32`,"
          + " or leave it unset to have one generated into <data-dir>/api-token");
    }
    return value.trim();
  }

  private static int port(Map<String, String> v, String name) {
    try {
      int p = Integer.parseInt(v.get(name).trim());
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException("--" + name + " is '" + v.get(name) + "'; it must be a port 0..65535 (0 picks a free port)");
  }

  private static boolean bool(Map<String, String> v, String name) {
    return switch (v.get(name).trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("--" + name + " is '" + v.get(name) + "'; it must be true or false");
    };
  }

  private static long millis(Map<String, String> v, String name) {
    try {
      long ms = Long.parseLong(v.get(name).trim());
      if (ms >= 1 && ms <= 600_000) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException("--" + name + " is '" + v.get(name) + "'; it must be milliseconds from 1 to 600000");
  }
}
