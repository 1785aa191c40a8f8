package io.agentkit.orchestrator;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings from {@code --name=value} arguments, each with an environment fallback and an embedded
 * default so {@code java -jar agent-kit-orchestrator-all.jar} runs as is.
 */
public record OrchestratorConfig(
    Path dataDir,
    String bind,
    int apiPort,
    int tunnelPort,
    int proxyPort,
    Path tlsCert,
    Path tlsKey,
    List<String> tlsNames,
    String token,
    long openTimeoutMillis) {

  /** Option name → environment variable, default and meaning (also the usage text). */
  static final String[][] OPTIONS = {
      {"data-dir", "ORCHESTRATOR_DATA_DIR", "orchestrator-data", "store, API token and self-signed TLS files"},
      {"bind", "ORCHESTRATOR_BIND", "127.0.0.1", "address every listener binds"},
      {"api-port", "ORCHESTRATOR_API_PORT", "8443", "Agent API (HTTPS)"},
      {"tunnel-port", "ORCHESTRATOR_TUNNEL_PORT", "9443", "agent tunnel endpoint (wss, path /tunnel)"},
      {"proxy-port", "ORCHESTRATOR_PROXY_PORT", "3128", "HTTP CONNECT proxy into agents' networks"},
      {"tls-cert", "ORCHESTRATOR_TLS_CERT", "", "PEM certificate chain; empty: self-signed in <data-dir>/tls"},
      {"tls-key", "ORCHESTRATOR_TLS_KEY", "", "PKCS#8 PEM key of --tls-cert"},
      {"tls-names", "ORCHESTRATOR_TLS_NAMES", "localhost", "DNS names of the self-signed certificate (comma-separated)"},
      {"token", "ORCHESTRATOR_TOKEN", "", "API bearer token; empty: generated once into <data-dir>/api-token"},
      {"open-timeout-ms", "ORCHESTRATOR_OPEN_TIMEOUT_MS", "15000", "how long a CONNECT waits for the agent to open the target (then 504)"},
  };

  static OrchestratorConfig parse(String[] args, Map<String, String> env) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a);
      }
      int eq = a.indexOf('=');
      if (eq > 0) {
        given.put(a.substring(2, eq), a.substring(eq + 1));
      } else if (i + 1 < args.length) {
        given.put(a.substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException(a + " needs a value");
      }
    }
    Map<String, String> v = new HashMap<>();
    for (String[] o : OPTIONS) {
      v.put(o[0], given.containsKey(o[0]) ? given.remove(o[0]) : env.getOrDefault(o[1], o[2]));
    }
    if (!given.isEmpty()) {
      throw new IllegalArgumentException("unknown option --" + given.keySet().iterator().next());
    }
    Path data = Path.of(v.get("data-dir")).toAbsolutePath();
    return new OrchestratorConfig(
        data,
        v.get("bind"),
        port(v, "api-port"),
        port(v, "tunnel-port"),
        port(v, "proxy-port"),
        v.get("tls-cert").isEmpty() ? null : Path.of(v.get("tls-cert")),
        v.get("tls-key").isEmpty() ? null : Path.of(v.get("tls-key")),
        List.of(v.get("tls-names").split(",")),
        v.get("token"),
        Long.parseLong(v.get("open-timeout-ms")));
  }

  static String usage() {
    StringBuilder sb = new StringBuilder("usage: java -jar agent-kit-orchestrator-all.jar [--option=value ...]\n");
    for (String[] o : OPTIONS) {
      sb.append(String.format("  --%-16s %-30s default %-12s %s%n", o[0], "(env " + o[1] + ")", o[2].isEmpty() ? "-" : o[2], o[3]));
    }
    return sb.toString();
  }

  private static int port(Map<String, String> v, String name) {
    int p = Integer.parseInt(v.get(name));
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("--" + name + " must be 0..65535 (0 picks a free port)");
    }
    return p;
  }
}
