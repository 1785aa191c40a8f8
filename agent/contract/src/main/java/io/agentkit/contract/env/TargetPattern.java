package io.agentkit.contract.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One pattern of {@link AgentEnv#ALLOWED_TARGETS}: {@code *} (any target), or {@code host:port} whose
 * host is a name, a {@code *.suffix}, {@code *}, an IPv4 address ({@code 10.1.2.3}), a bracketed IPv6
 * address ({@code [fd00::1]}) or a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}); the port is a
 * number, a range ({@code 8000-8099}) or {@code *}. Name patterns match the requested host before
 * resolution; address patterns (addresses and ranges) match the address it resolves to.
 *
 * <p>The one parser of the syntax: the agent builds its allowlist on it, the plugin validates
 * {@code allowedTargets} and derives a NetworkPolicy's egress rules from it. Parsing never resolves a name.
 *
 * @param host the name, {@code *.suffix} or {@code *} (lower case); null for an address pattern
 * @param cidr an address pattern as a range: a CIDR range as written (lower case), an address as
 *     {@code address/32} or {@code address/128}; null for a name pattern
 */
public record TargetPattern(String host, String cidr, int fromPort, int toPort) {

  /** Example patterns, one of each kind, for the fix of every message that refuses a pattern. */
  public static final String EXAMPLES = "*.svc.cluster.local:443, 10.0.0.0/8:*, db:5432, api:8000-8099, 10.1.2.3:443, [fd00::1]:443";

  private static final Pattern NAME = Pattern.compile("(\\*|\\*\\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

  /** A pattern that is not valid; the message says which pattern and what is wrong with it. */
  public static final class InvalidPatternException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidPatternException(String message) {
      super(message);
    }
  }

  /** The patterns of a comma-separated list; empty entries are skipped, at least one is required. */
  public static List<TargetPattern> parseList(String value) {
    List<TargetPattern> patterns = new ArrayList<>();
    for (String raw : value.split(",")) {
      if (!raw.isBlank()) {
        patterns.add(parse(raw.strip()));
      }
    }
    if (patterns.isEmpty()) {
      throw new InvalidPatternException("'" + value + "' has no pattern");
    }
    return patterns;
  }

  public static TargetPattern parse(String item) {
    if (item.equals("*")) {
      return new TargetPattern("*", null, 1, 65535);
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
      String address = host.substring(1, host.length() - 1);
      byte[] bytes = address.indexOf(':') >= 0 ? AddressLiteral.parse(address) : null;
      if (bytes == null) {
        throw invalid(item, "has a bracketed host that is not an IPv6 address");
      }
      return new TargetPattern(null, address + "/128", from, to);
    }
    int slash = host.indexOf('/');
    if (slash > 0) {
      byte[] network = AddressLiteral.parse(host.substring(0, slash));
      if (network == null) {
        throw invalid(item, "is not a CIDR range such as 10.0.0.0/8 or fd00::/8");
      }
      int max = network.length * 8;
      int prefix = prefix(host.substring(slash + 1));
      if (prefix < 0 || prefix > max) {
        throw invalid(item, "has a CIDR prefix outside 0.." + max);
      }
      if (network.length == 16 && AddressLiteral.unmapped(network).length == 4 && prefix < 96) {
        throw invalid(item, "is a range of IPv4-mapped addresses shorter than /96: write the IPv4 range instead");
      }
      return new TargetPattern(null, host, from, to);
    }
    if (host.contains(":")) {
      throw invalid(item, "has an IPv6 address without brackets: write [" + host + "]:" + port);
    }
    if (AddressLiteral.looksLikeIpv4(host)) {
      if (AddressLiteral.parse(host) == null) {
        throw invalid(item, "has an IPv4 address that is not four numbers of 0..255 without leading zeros");
      }
      // An address pattern, so it also allows the names that resolve to it.
      return new TargetPattern(null, host + "/32", from, to);
    }
    if (!host.equals("*") && !NAME.matcher(host).matches()) {
      throw invalid(item, "has a host that is neither a name, a *.suffix, *, an IP address nor a CIDR range");
    }
    return new TargetPattern(host, null, from, to);
  }

  /** Whether every port is allowed. */
  public boolean anyPort() {
    return fromPort == 1 && toPort == 65535;
  }

  /** Whether it allows any host on any port. */
  public boolean anyTarget() {
    return "*".equals(host) && anyPort();
  }

  /** Whether {@code port} is in the pattern's range. */
  public boolean portMatches(int port) {
    return port >= fromPort && port <= toPort;
  }

  /**
   * An address pattern's network as 4 or 16 bytes (an IPv4-mapped IPv6 network as its IPv4 one),
   * null for a name pattern.
   */
  public byte[] network() {
    return cidr == null ? null : AddressLiteral.unmapped(AddressLiteral.parse(cidr.substring(0, cidr.indexOf('/'))));
  }

  /** The number of leading bits of {@link #network()} an address must share (IPv4-mapped: counted in IPv4). */
  public int prefix() {
    int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    return network().length == 4 && cidr.indexOf(':') >= 0 ? prefix - 96 : prefix;
  }

  /** Whether a name pattern matches {@code host} (case-insensitive); an address pattern matches no name. */
  public boolean matchesName(String name) {
    if (host == null) {
      return false;
    }
    if (host.equals("*")) {
      return true;
    }
    String h = name.toLowerCase(Locale.ROOT);
    if (host.startsWith("*.")) {
      return h.endsWith(host.substring(1)) && h.length() > host.length() - 1;
    }
    return host.equals(h);
  }

  /** Whether the pattern names one host exactly (no wildcard, no address). */
  public boolean isExactName() {
    return host != null && !host.startsWith("*");
  }

  private static int prefix(String text) {
    if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    return Integer.parseInt(text);
  }

  private static int port(String item, String text) {
    if (!text.isEmpty() && text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      int p = Integer.parseInt(text);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    }
    throw invalid(item, "has port " + text + " outside 1..65535");
  }

  private static InvalidPatternException invalid(String item, String problem) {
    return new InvalidPatternException("pattern '" + item + "' " + problem);
  }
}
