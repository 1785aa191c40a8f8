package io.agentkit.contract.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One pattern of {@link AgentEnv#ALLOWED_TARGETS}, as the agent reads it: {@code *} (any target),
 * {@code host:port} with a name, a {@code *.suffix} or {@code *} as host, or a CIDR range
 * ({@code 10.0.0.0/8}); the port is a number, a range ({@code 8000-8099}) or {@code *}. Names match
 * before resolution, CIDR ranges the resolved address.
 *
 * <p>The syntax only: parsing never resolves a name. The plugin validates {@code allowedTargets} with
 * it and derives a NetworkPolicy's egress rules from it.
 *
 * @param host the name, {@code *.suffix} or {@code *}; null for a CIDR range
 * @param cidr the range as written ({@code 10.0.0.0/8}), or null for a name
 */
public record TargetPattern(String host, String cidr, int fromPort, int toPort) {

  private static final Pattern NAME = Pattern.compile("(\\*|\\*\\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?");
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

  /** A pattern that is not valid; the message says which part and why. */
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
    if (colon <= 0 || item.startsWith("[")) {
      throw invalid(item, "is not host:port (IPv6 targets are given as CIDR ranges, e.g. fd00::/8:443)");
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
      String address = host.substring(0, slash);
      boolean v4 = IPV4.matcher(address).matches();
      // As the agent reads them: an address literal that starts with a digit (so never a name to resolve).
      if (!v4 && !(IPV6.matcher(address).matches() && Character.isDigit(address.charAt(0)))) {
        throw invalid(item, "is not a CIDR range such as 10.0.0.0/8");
      }
      int max = v4 ? 32 : 128;
      int prefix;
      try {
        prefix = Integer.parseInt(host.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw invalid(item, "is not a CIDR range such as 10.0.0.0/8");
      }
      if (prefix < 0 || prefix > max) {
        throw invalid(item, "has a CIDR prefix outside 0.." + max);
      }
      return new TargetPattern(null, host, from, to);
    }
    if (!host.equals("*") && !NAME.matcher(host).matches()) {
      throw invalid(item, "has a host that is neither a name, a *.suffix, * nor a CIDR range");
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

  private static int port(String item, String text) {
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

  private static InvalidPatternException invalid(String item, String problem) {
    return new InvalidPatternException("pattern '" + item + "' " + problem);
  }
}
