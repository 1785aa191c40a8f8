package io.agentkit.core.render;

import static io.agentkit.core.settings.Settings.*;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.env.TargetPattern;
import io.agentkit.core.spec.AgentSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The egress rules of the agent's NetworkPolicy, in order: DNS, the tunnel's port, the proxy's port,
 * then one rule per allowed target. A NetworkPolicy selects addresses, not names, so a rule for a name
 * (the tunnel host, {@code db:5432}) allows its port to any address; a CIDR range becomes an ipBlock, an
 * address ({@code 10.1.2.3:443}, {@code [fd00::1]:443}) one of /32 or /128;
 * a pattern for any host on any port allows all egress. The chart's networkpolicy.yaml builds the same
 * rules (ChartParityIT compares them).
 */
final class NetworkPolicyRules {

  private NetworkPolicyRules() {}

  static List<Map<String, Object>> egress(AgentSpec spec) {
    List<Map<String, Object>> rules = new ArrayList<>();
    rules.add(Map.of("ports", List.of(port("UDP", 53, 53), port("TCP", 53, 53))));
    String tunnel = spec.get(TUNNEL_URL) != null ? spec.get(TUNNEL_URL) : AgentEnv.DEFAULT_TUNNEL_URL;
    rules.add(Map.of("ports", List.of(port("TCP", urlPort(tunnel, "ws"), 0))));
    Map<String, String> extraEnv = spec.get(EXTRA_ENV);
    if (extraEnv != null) {
      String proxy = extraEnv.getOrDefault(AgentEnv.HTTPS_PROXY, extraEnv.get(AgentEnv.HTTPS_PROXY.toLowerCase(java.util.Locale.ROOT)));
      if (proxy != null && !proxy.isBlank()) {
        rules.add(Map.of("ports", List.of(port("TCP", urlPort(proxy, "http"), 0))));
      }
    }
    List<String> targets = spec.get(ALLOWED_TARGETS);
    for (String item : targets == null ? List.<String>of() : targets) {
      TargetPattern p = TargetPattern.parse(item);
      Map<String, Object> rule = new LinkedHashMap<>();
      if (p.cidr() != null) {
        rule.put("to", List.of(Map.of("ipBlock", Map.of("cidr", p.cidr()))));
      }
      if (!p.anyPort()) {
        rule.put("ports", List.of(port("TCP", p.fromPort(), p.toPort())));
      }
      rules.add(rule);
    }
    return rules;
  }

  private static Map<String, Object> port(String protocol, int from, int to) {
    Map<String, Object> port = new LinkedHashMap<>();
    port.put("protocol", protocol);
    port.put("port", from);
    if (to > from) {
      port.put("endPort", to);
    }
    return port;
  }

  /** The URL's port, or its scheme's: 80 for ws and http, 443 for wss and https. */
  private static int urlPort(String url, String plainScheme) {
    URI uri = URI.create(url);
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return plainScheme.equals(uri.getScheme()) ? 80 : 443;
  }
}
