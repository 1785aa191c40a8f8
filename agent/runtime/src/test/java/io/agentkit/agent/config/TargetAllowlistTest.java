package io.agentkit.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class TargetAllowlistTest {

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
    assertThat(a.hasAddressRules()).isTrue();
    assertThat(a.allowsAddress(InetAddress.getByName("10.1.2.3"), 6443)).isTrue();
    assertThat(a.allowsAddress(InetAddress.getByName("11.1.2.3"), 6443)).isFalse();
    assertThat(a.allowsName("10.1.2.3", 6443)).isFalse();
  }

  @Test
  void badPatternsNameTheVariable() {
    assertThatThrownBy(() -> TargetAllowlist.parse("db")).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ALLOWED_TARGETS pattern 'db' is not host:port");
    assertThatThrownBy(() -> TargetAllowlist.parse("db:0")).hasMessageContaining("outside 1..65535");
    assertThatThrownBy(() -> TargetAllowlist.parse("api:90-80")).hasMessageContaining("ends before it starts");
    assertThatThrownBy(() -> TargetAllowlist.parse("10.0.0.0/40:1")).hasMessageContaining("CIDR prefix outside 0..32");
    assertThatThrownBy(() -> TargetAllowlist.parse(" , ")).hasMessageContaining("has no pattern");
  }
}
