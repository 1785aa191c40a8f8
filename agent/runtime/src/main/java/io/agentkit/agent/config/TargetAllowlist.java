package io.agentkit.agent.config;

import io.agentkit.contract.env.AgentEnv;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which {@code host:port} targets the orchestrator may open ({@link AgentEnv#ALLOWED_TARGETS}).
 * Name patterns match the requested host; address patterns (CIDR ranges and IP addresses) match
 * the address it resolves to. Addresses in {@link AgentEnv#RESTRICTED_TARGETS} (loopback,
 * link-local, unspecified) are allowed only by an address pattern containing them or by a pattern
 * with the exact host name, never by a wildcard: checked after resolution, so no name resolves
 * around it.
 */
public final class TargetAllowlist {

  private record Rule(String host, byte[] network, int prefix, int fromPort, int toPort) {
    boolean portMatches(int port) {
      return port >= fromPort && port <= toPort;
    }

    boolean isExactName() {
      return network == null && !host.startsWith("*");
    }
  }

  /** A CIDR range, parsed once. */
  private record Range(String text, byte[] network, int prefix) {}

  private static final List<Range> RESTRICTED = AgentEnv.RESTRICTED_TARGETS.stream().map(TargetAllowlist::range).toList();

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

  /** Whether {@code *} is among the patterns (any target outside the restricted ranges). */
  public boolean allowsAny() {
    return rules.stream().anyMatch(r -> "*".equals(r.host) && r.fromPort == 1 && r.toPort == 65535);
  }

  /**
   * Before resolving: whether some pattern could still allow {@code host:port}. False means refuse
   * without a DNS lookup.
   */
  public boolean mayAllow(String host, int port) {
    return allowsName(host, port) || rules.stream().anyMatch(r -> r.network != null && r.portMatches(port));
  }

  /** After resolving: whether {@code host:port} may be dialled at {@code address}. */
  public boolean allows(String host, InetAddress address, int port) {
    InetAddress a = unmapped(address);
    if (allowsAddress(a, port)) {
      return true;
    }
    if (restriction(a) != null) {
      String h = host.toLowerCase(Locale.ROOT);
      return rules.stream().anyMatch(r -> r.isExactName() && r.portMatches(port) && r.host.equals(h));
    }
    return allowsName(host, port);
  }

  /** Whether a name (before resolving) matches a name pattern on {@code port}. */
  public boolean allowsName(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    for (Rule r : rules) {
      if (r.network == null && r.portMatches(port) && hostMatches(r.host, h)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an address matches an address pattern (CIDR range or IP address). */
  public boolean allowsAddress(InetAddress address, int port) {
    byte[] a = unmapped(address).getAddress();
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

  /** The restricted range ({@link AgentEnv#RESTRICTED_TARGETS}) containing {@code address}, or null. */
  public static String restriction(InetAddress address) {
    byte[] a = unmapped(address).getAddress();
    for (Range r : RESTRICTED) {
      if (a.length == r.network.length && inPrefix(a, r.network, r.prefix)) {
        return r.text;
      }
    }
    return null;
  }

  /**
   * IPv6 addresses that carry an IPv4 one (mapped {@code ::ffff:a.b.c.d}, and the deprecated
   * compatible {@code ::a.b.c.d}) as that IPv4 address, so {@code ::ffff:127.0.0.1} is loopback.
   */
  static InetAddress unmapped(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address;
    }
    byte[] b = address.getAddress();
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return address;
      }
    }
    boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    boolean compatible = b[10] == 0 && b[11] == 0 && (b[12] | b[13] | b[14]) != 0;
    if (!mapped && !compatible) {
      return address;
    }
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
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
    if (colon <= 0) {
      throw invalid(item, "is not host:port");
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
    if (host.startsWith("[") && host.endsWith("]")) {
      InetAddress a = literal(host.substring(1, host.length() - 1));
      if (a == null) {
        throw invalid(item, "has a bracketed host that is not an IPv6 address");
      }
      return new Rule(host, a.getAddress(), a.getAddress().length * 8, from, to);
    }
    int slash = host.indexOf('/');
    if (slash > 0) {
      InetAddress net = literal(host.substring(0, slash));
      if (net == null) {
        throw invalid(item, "is not a CIDR range such as 10.0.0.0/8 or fd00::/8");
      }
      int max = net.getAddress().length * 8;
      int prefix;
      try {
        prefix = Integer.parseInt(host.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > max) {
        throw invalid(item, "has a CIDR prefix outside 0.." + max);
      }
      return new Rule(host, net.getAddress(), prefix, from, to);
    }
    if (host.contains(":")) {
      throw invalid(item, "has an IPv6 address without brackets: write [" + host + "]:" + port);
    }
    InetAddress ipv4 = literal(host);
    if (ipv4 != null) {
      // An address pattern, so it also allows the names that resolve to it.
      return new Rule(host, ipv4.getAddress(), 32, from, to);
    }
    if (!host.matches("(\\*|\\*\\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?") && !host.equals("*")) {
      throw invalid(item, "has a host that is neither a name, a *.suffix, *, an IP address nor a CIDR range");
    }
    return new Rule(host, null, 0, from, to);
  }

  /** An IP address written as one (never a DNS lookup; IPv4 as four decimal parts), or null. */
  private static InetAddress literal(String text) {
    if (!text.contains(":") && !text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
      return null;
    }
    try {
      return unmapped(InetAddress.ofLiteral(text));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Range range(String cidr) {
    int slash = cidr.indexOf('/');
    return new Range(cidr, InetAddress.ofLiteral(cidr.substring(0, slash)).getAddress(), Integer.parseInt(cidr.substring(slash + 1)));
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
        "use comma-separated host:port patterns such as *.svc.cluster.local:443,10.0.0.0/8:*,db:5432,[fd00::1]:443 or * for any target"
            + " (loopback, link-local and unspecified addresses only when a pattern names them)");
  }
}
