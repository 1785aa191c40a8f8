package io.agentkit.contract.testing;

import java.util.List;

/**
 * ALLOWED_TARGETS patterns that are valid and that are not, shared by the tests of everything that reads
 * them: the parser (TargetPatternTest), the agent's allowlist and the chart's schema, so they are held to
 * one list.
 */
public final class TargetPatternCases {

  private TargetPatternCases() {}

  /** Patterns that are valid. */
  public static final List<String> VALID = List.of("*", "*:*", "*.svc.cluster.local:443", "10.0.0.0/8:*", "db:5432", "api:8000-8099",
      "2001:db8::/32:443", "fd00::/8:443", "FD00:1::/32:*", "10.1.2.3:443", "[fd00::1]:443", "[::1]:9000", "[::ffff:10.0.0.1]:80",
      "::ffff:10.0.0.0/104:1", "169.254.169.254/32:80", "db.example.com:1-65535", "0.0.0.0/0:22");

  /** Invalid patterns, each with the part of the message that says why. */
  public static final List<List<String>> INVALID = List.of(
      List.of("db", "is not host:port"), List.of("db:0", "has port 0 outside 1..65535"), List.of("db:70000", "outside 1..65535"),
      List.of("db:+443", "has port +443"), List.of("db:9-1", "ends before it starts"), List.of("10.0.0.0/33:1", "prefix outside 0..32"),
      List.of("fd00::/129:1", "prefix outside 0..128"), List.of("10.0.0.0/+8:1", "prefix outside"), List.of("300.0.0.0/8:1", "is not a CIDR range"),
      List.of("10/8:1", "is not a CIDR range"), List.of("example.com/8:1", "is not a CIDR range"), List.of("fd00::1:443", "without brackets: write [fd00::1]:443"),
      List.of("[not-an-ip]:443", "bracketed host that is not an IPv6 address"), List.of("[10.0.0.1]:443", "bracketed host"),
      List.of("300.1.2.3:443", "IPv4 address that is not four numbers"), List.of("010.1.2.3:443", "IPv4 address"),
      List.of("::ffff:0:0/64:1", "shorter than /96"), List.of("bad_host:1", "neither a name"), List.of("db:http", "has port http"),
      List.of("-db:1", "neither a name"), List.of("db\u0000:1", "neither a name"));

  /**
   * The invalid patterns a regular expression does not tell from valid ones (numbers out of range,
   * address text that is not an address): the chart's schema lets them through, and the agent refuses
   * them at start, naming the variable.
   */
  public static final List<String> PAST_A_REGEX = List.of("db:0", "db:70000", "db:9-1", "10.0.0.0/33:1", "fd00::/129:1",
      "300.0.0.0/8:1", "10/8:1", "300.1.2.3:443", "010.1.2.3:443", "::ffff:0:0/64:1");
}
