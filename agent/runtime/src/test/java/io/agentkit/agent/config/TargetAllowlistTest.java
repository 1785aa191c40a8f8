package io.agentkit.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.testing.TargetPatternCases;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TargetAllowlistTest {

  private static InetAddress ip(String literal) {
    return InetAddress.ofLiteral(literal);
  }

  @Test
  void namesWildcardsPortsAndRanges() throws Exception {
    TargetAllowlist a = TargetAllowlist.parse("*.svc.cluster.local:443, db:5432,api:8000-8099");
    assertThat(a.allowsName("kubernetes.default.svc.cluster.local", 443)).isTrue();
    assertThat(a.allowsName("svc.cluster.local", 443)).isFalse();
    assertThat(a.allowsName("x.svc.cluster.local", 80)).isFalse();
    assertThat(a.allowsName("DB", 5432)).isTrue();
    assertThat(a.allowsName("api", 8050)).isTrue();
    assertThat(a.allowsName("api", 8100)).isFalse();
    assertThat(a.allowsAny()).isFalse();
    assertThat(TargetAllowlist.parse("*").allowsAny()).isTrue();
  }

  @Test
  void cidrRulesMatchResolvedAddresses() throws Exception {
    TargetAllowlist a = TargetAllowlist.parse("10.0.0.0/8:*");
    assertThat(a.allowsAddress(ip("10.1.2.3"), 6443)).isTrue();
    assertThat(a.allowsAddress(ip("11.1.2.3"), 6443)).isFalse();
    assertThat(a.allowsName("10.1.2.3", 6443)).isFalse();
    // A name no name pattern allows is still allowed when its address is in the range, and only then.
    assertThat(a.mayAllow("db.internal", 5432)).isTrue();
    assertThat(a.allows("db.internal", ip("10.9.8.7"), 5432)).isTrue();
    assertThat(a.allows("db.internal", ip("192.168.1.1"), 5432)).isFalse();
  }

  @Test
  void theDefaultRefusesLoopbackLinkLocalAndUnspecifiedAddressesWhateverTheName() throws Exception {
    TargetAllowlist a = TargetAllowlist.parse(AgentEnv.DEFAULT_ALLOWED_TARGETS);
    assertThat(a.allows("api.example.com", ip("93.184.216.34"), 443)).isTrue();
    assertThat(a.allows("db.internal", ip("10.0.0.5"), 5432)).isTrue();
    for (String restricted : new String[] {"127.0.0.1", "127.1.2.3", "169.254.169.254", "169.254.0.1", "0.0.0.0", "0.1.2.3",
        "::1", "::", "fe80::1", "febf::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1"}) {
      // Neither as the requested host nor behind a name that resolves to it.
      assertThat(a.allows(restricted, ip(restricted), 80)).as(restricted).isFalse();
      assertThat(a.allows("innocent.example.com", ip(restricted), 80)).as("name resolving to " + restricted).isFalse();
      assertThat(TargetAllowlist.restriction(ip(restricted))).as(restricted).isNotNull();
    }
    assertThat(TargetAllowlist.restriction(ip("::ffff:169.254.169.254"))).isEqualTo("169.254.0.0/16");
    assertThat(TargetAllowlist.restriction(ip("fec0::1"))).isNull();
    assertThat(TargetAllowlist.restriction(ip("fd00::1"))).isNull();
  }

  @Test
  void anExplicitEntryAllowsARestrictedAddressAgainButAWildcardNever() throws Exception {
    TargetAllowlist a = TargetAllowlist.parse("*.example.com:*,localhost:5432,127.0.0.1:8080,169.254.169.254/32:80,[::1]:9000,fe80::/10:22");
    assertThat(a.allows("localhost", ip("127.0.0.1"), 5432)).isTrue();
    assertThat(a.allows("localhost", ip("::1"), 5432)).isTrue();
    assertThat(a.allows("localhost", ip("127.0.0.1"), 5433)).isFalse();
    assertThat(a.allows("127.0.0.1", ip("127.0.0.1"), 8080)).isTrue();
    assertThat(a.allows("loopback.example.com", ip("127.0.0.1"), 8080)).as("an address pattern allows names resolving to it").isTrue();
    assertThat(a.allows("loopback.example.com", ip("127.0.0.1"), 8081)).as("the wildcard name does not").isFalse();
    assertThat(a.allows("169.254.169.254", ip("169.254.169.254"), 80)).isTrue();
    assertThat(a.allows("::1", ip("::1"), 9000)).isTrue();
    assertThat(a.allows("::1", ip("::ffff:127.0.0.1"), 9000)).isFalse();
    assertThat(a.allows("fe80::1234", ip("fe80::1234"), 22)).isTrue();
    assertThat(a.allows("fe80::1234", ip("fe80::1234"), 23)).isFalse();
  }

  @Test
  void ipv6PatternsAndMappedAddresses() throws Exception {
    TargetAllowlist a = TargetAllowlist.parse("[fd00::10]:443,fd00:1::/32:*,10.0.0.0/8:5432");
    assertThat(a.allows("svc", ip("fd00::10"), 443)).isTrue();
    assertThat(a.allows("svc", ip("fd00:0:0:0:0:0:0:10"), 443)).isTrue();
    assertThat(a.allows("svc", ip("fd00::11"), 443)).isFalse();
    assertThat(a.allows("svc", ip("fd00:1:ffff::1"), 1)).isTrue();
    assertThat(a.allows("svc", ip("fd00:2::1"), 1)).isFalse();
    // An IPv4-mapped IPv6 address is the IPv4 address it carries.
    assertThat(a.allows("svc", ip("::ffff:10.1.2.3"), 5432)).isTrue();
    assertThatThrownBy(() -> TargetAllowlist.parse("fd00::1:443")).hasMessageContaining("without brackets: write [fd00::1]:443");
    assertThatThrownBy(() -> TargetAllowlist.parse("[not-an-ip]:443")).hasMessageContaining("not an IPv6 address");
    assertThatThrownBy(() -> TargetAllowlist.parse("fd00::/129:1")).hasMessageContaining("CIDR prefix outside 0..128");
  }

  @Test
  void addressPatternsAllowTheAddressAndNamesResolvingToIt() throws Exception {
    // The README's example list, read by the one parser the plugin validates allowedTargets with.
    TargetAllowlist a = TargetAllowlist.parse("*.svc.cluster.local:443,10.0.0.0/8:*,db:5432,10.1.2.3:443,[fd00::1]:443");
    assertThat(a.allows("10.1.2.3", ip("10.1.2.3"), 443)).isTrue();
    assertThat(a.allows("gateway.corp", ip("10.1.2.3"), 443)).isTrue();
    assertThat(a.allows("fd00::1", ip("fd00::1"), 443)).isTrue();
    assertThat(a.allows("fd00::1", ip("fd00::1"), 444)).isFalse();
    assertThat(a.allowsName("10.1.2.3", 443)).as("an address pattern is not a name pattern").isFalse();
    assertThat(a.allows("mapped", ip("::ffff:10.200.0.1"), 1)).isTrue();
  }

  @Test
  void readsEveryPatternOfTheSharedCasesAsTheContractDoes() {
    for (String valid : TargetPatternCases.VALID) {
      assertThatCode(() -> TargetAllowlist.parse(valid)).as(valid).doesNotThrowAnyException();
    }
    for (java.util.List<String> invalid : TargetPatternCases.INVALID) {
      assertThatThrownBy(() -> TargetAllowlist.parse(invalid.get(0))).as(invalid.get(0)).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("ALLOWED_TARGETS pattern '" + invalid.get(0) + "'").hasMessageContaining(invalid.get(1));
    }
  }

  @Test
  void badPatternsNameTheVariable() {
    assertThatThrownBy(() -> TargetAllowlist.parse("db")).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ALLOWED_TARGETS pattern 'db' is not host:port");
    assertThatThrownBy(() -> TargetAllowlist.parse("db:0")).hasMessageContaining("outside 1..65535");
    assertThatThrownBy(() -> TargetAllowlist.parse("api:90-80")).hasMessageContaining("ends before it starts");
    assertThatThrownBy(() -> TargetAllowlist.parse("10.0.0.0/40:1")).hasMessageContaining("CIDR prefix outside 0..32");
    assertThatThrownBy(() -> TargetAllowlist.parse("10/8:1")).hasMessageContaining("is not a CIDR range");
    assertThatThrownBy(() -> TargetAllowlist.parse("db.example.com/8:1")).hasMessageContaining("is not a CIDR range");
    assertThatThrownBy(() -> TargetAllowlist.parse(" , ")).hasMessageContaining("has no pattern");
    assertThatThrownBy(() -> TargetAllowlist.parse("300.1.2.3:443")).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ALLOWED_TARGETS pattern '300.1.2.3:443' has an IPv4 address").hasMessageContaining("[fd00::1]:443");
  }
}
