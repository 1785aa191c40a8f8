package io.agentkit.agent.config;

import io.agentkit.contract.env.AgentEnv;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which {@code host:port} targets the orchestrator may open ({@link AgentEnv#ALLOWED_TARGETS}).
 * Names match before resolution, CIDR ranges after, so a name cannot smuggle in a forbidden address
 * only when CIDR rules are the ones in use.
 */
public final class TargetAllowlist {

  private record Rule(String host, byte[] network, int prefix, int fromPort, int toPort) {
    boolean portMatches(int port) {
      return port >= fromPort && port <= toPort;
    }
  }

  private final List<Rule> rules;
  private final String text;

  private TargetAllowlist(List<Rule> rules, String text) {
    this.rules = rules;
    this.text = text;
  }

  public static TargetAllowlist parse(String value) throws ConfigException {
    List<Rule> rules = new ArrayList<>();
    for (String raw : value.split(",")) {
      String item = raw.trim();
      if (item.isEmpty()) {
        continue;
      }
      rules.add(rule(item));
    }
    if (rules.isEmpty()) {
      throw invalid(value, "has no pattern");
    }
    return new TargetAllowlist(List.copyOf(rules), value);
  }

  public boolean allowsAny() {
    return rules.stream().anyMatch(r -> "*".equals(r.host) && r.fromPort == 1 && r.toPort == 65535);
  }

  /** Whether a name (before resolving) may be dialled on {@code port}. */
  public boolean allowsName(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    for (Rule r : rules) {
      if (r.network == null && r.portMatches(port) && hostMatches(r.host, h)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a resolved address matches a CIDR rule. */
  public boolean allowsAddress(InetAddress address, int port) {
    byte[] a = address.getAddress();
    for (Rule r : rules) {
      if (r.network != null && r.portMatches(port) && a.length == r.network.length && inPrefix(a, r.network, r.prefix)) {
        return true;
      }
    }
    return false;
  }

  public boolean hasAddressRules() {
    return rules.stream().anyMatch(r -> r.network != null);
  }

  @Override
  public String toString() {
    return text;
  }

  private static boolean hostMatches(String pattern, String host) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.startsWith("*.")) {
      return host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
    }
    return pattern.equals(host);
  }

  private static boolean inPrefix(byte[] a, byte[] net, int prefix) {
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((a[bit / 8] & mask) != (net[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  private static Rule rule(String item) throws ConfigException {
    if (item.equals("*")) {
      return new Rule("*", null, 0, 1, 65535);
    }
    int colon = item.lastIndexOf(':');
    if (colon <= 0 || item.startsWith("[")) {
      throw invalid(item, "is not host:port (IPv6 targets are not supported in patterns)");
    }
    String host = item.substring(0, colon).toLowerCase(Locale.ROOT);
    String port = item.substring(colon + 1);
    int from;
    int to;
    if (port.equals("*")) {
      from = 1;
      to = 65535;
    } else {
      int dash = port.indexOf('-');
      from = port(item, dash < 0 ? port : port.substring(0, dash));
      to = dash < 0 ? from : port(item, port.substring(dash + 1));
      if (to < from) {
        throw invalid(item, "has a port range that ends before it starts");
      }
    }
    int slash = host.indexOf('/');
    if (slash > 0) {
      try {
        InetAddress net = InetAddress.getByName(host.substring(0, slash));
        int prefix = Integer.parseInt(host.substring(slash + 1));
        int max = net instanceof Inet4Address ? 32 : 128;
        if (prefix < 0 || prefix > max || !Character.isDigit(host.charAt(0))) {
          throw invalid(item, "has a CIDR prefix outside 0.." + max);
        }
        return new Rule(host, net.getAddress(), prefix, from, to);
      } catch (java.net.UnknownHostException | NumberFormatException e) {
        throw invalid(item, "is not a CIDR range such as 10.0.0.0/8");
      }
    }
    if (!host.matches("(\\*|\\*\\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?") && !host.equals("*")) {
      throw invalid(item, "has a host that is neither a name, a *.suffix, * nor a CIDR range");
    }
    return new Rule(host, null, 0, from, to);
  }

  private static int port(String item, String text) throws ConfigException {
    try {
      int p = Integer.parseInt(text);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // Reported below with the whole pattern.
    }
    throw invalid(item, "has port " + text + " outside 1..65535");
  }

  private static ConfigException invalid(String item, String problem) {
    return new ConfigException(AgentEnv.ALLOWED_TARGETS, "pattern '" + item + "' " + problem,
        "use comma-separated host:port patterns such as *.svc.cluster.local:443,10.0.0.0/8:*,db:5432 or * for any target");
  }
}
