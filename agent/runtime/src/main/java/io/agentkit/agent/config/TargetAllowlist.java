package io.agentkit.agent.config;

import io.agentkit.contract.env.AddressLiteral;
import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.env.TargetPattern;
import java.net.InetAddress;
import java.util.List;

/**
 * Which {@code host:port} targets the orchestrator may open ({@link AgentEnv#ALLOWED_TARGETS}).
 * Name patterns match the requested host; address patterns (CIDR ranges and IP addresses) match
 * the address it resolves to. Addresses in {@link AgentEnv#RESTRICTED_TARGETS} (loopback,
 * link-local, unspecified) are allowed only by an address pattern containing them or by a pattern
 * with the exact host name, never by a wildcard: checked after resolution, so no name resolves
 * around it.
 */
public final class TargetAllowlist {

  /** A pattern with its network parsed once, so matching a dial does not parse text. */
  private record Rule(TargetPattern pattern, byte[] network, int prefix) {
    static Rule of(TargetPattern p) {
      return p.cidr() == null ? new Rule(p, null, 0) : new Rule(p, p.network(), p.prefix());
    }

    boolean containsAddress(byte[] a, int port) {
      return network != null && pattern.portMatches(port) && a.length == network.length && inPrefix(a, network, prefix);
    }
  }

  private static final List<Rule> RESTRICTED = AgentEnv.RESTRICTED_TARGETS.stream()
      .map(cidr -> Rule.of(TargetPattern.parse(cidr + ":*"))).toList();

  private final List<Rule> rules;
  private final String text;

  private TargetAllowlist(List<Rule> rules, String text) {
    this.rules = rules;
    this.text = text;
  }

  public static TargetAllowlist parse(String value) throws ConfigException {
    try {
      return new TargetAllowlist(TargetPattern.parseList(value).stream().map(Rule::of).toList(), value);
    } catch (TargetPattern.InvalidPatternException e) {
      throw new ConfigException(AgentEnv.ALLOWED_TARGETS, e.getMessage(),
          "use comma-separated host:port patterns such as " + TargetPattern.EXAMPLES + ", or * for any target"
              + " (loopback, link-local and unspecified addresses only when a pattern names them)");
    }
  }

  /** Whether {@code *} is among the patterns (any target outside the restricted ranges). */
  public boolean allowsAny() {
    return rules.stream().anyMatch(r -> r.pattern.anyTarget());
  }

  /**
   * Before resolving: whether some pattern could still allow {@code host:port}. False means refuse
   * without a DNS lookup.
   */
  public boolean mayAllow(String host, int port) {
    return allowsName(host, port) || rules.stream().anyMatch(r -> r.network != null && r.pattern.portMatches(port));
  }

  /** After resolving: whether {@code host:port} may be dialled at {@code address}. */
  public boolean allows(String host, InetAddress address, int port) {
    if (allowsAddress(address, port)) {
      return true;
    }
    if (restriction(address) != null) {
      return rules.stream().anyMatch(r -> r.pattern.isExactName() && r.pattern.portMatches(port) && r.pattern.matchesName(host));
    }
    return allowsName(host, port);
  }

  /** Whether a name (before resolving) matches a name pattern on {@code port}. */
  public boolean allowsName(String host, int port) {
    return rules.stream().anyMatch(r -> r.pattern.portMatches(port) && r.pattern.matchesName(host));
  }

  /** Whether an address matches an address pattern (CIDR range or IP address). */
  public boolean allowsAddress(InetAddress address, int port) {
    byte[] a = AddressLiteral.unmapped(address.getAddress());
    return rules.stream().anyMatch(r -> r.containsAddress(a, port));
  }

  /** The restricted range ({@link AgentEnv#RESTRICTED_TARGETS}) containing {@code address}, or null. */
  public static String restriction(InetAddress address) {
    byte[] a = AddressLiteral.unmapped(address.getAddress());
    return RESTRICTED.stream().filter(r -> r.containsAddress(a, 1)).map(r -> r.pattern.cidr()).findFirst().orElse(null);
  }

  @Override
  public String toString() {
    return text;
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
}
