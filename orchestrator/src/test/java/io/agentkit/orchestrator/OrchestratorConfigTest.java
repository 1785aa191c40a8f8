package io.agentkit.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OrchestratorConfigTest {

  private static OrchestratorConfig parse(Map<String, String> env, String... args) {
    return OrchestratorConfig.parse(args, env);
  }

  @Test
  void everyListenerHasItsOwnAddressAndOnlyTheTunnelFollowsTheExposedOne() {
    OrchestratorConfig c = parse(Map.of());
    assertThat(c.tunnelBind()).isEqualTo("127.0.0.1");
    assertThat(c.apiBind()).isEqualTo("127.0.0.1");
    assertThat(c.proxyBind()).isEqualTo("127.0.0.1");
    assertThat(c.proxyTls()).isFalse();
    assertThat(c.tunnelAuthority()).isNull();
    OrchestratorConfig exposed = parse(Map.of("ORCHESTRATOR_TUNNEL_BIND", "0.0.0.0"), "--proxy-tls", "--api-port=0");
    assertThat(exposed.tunnelBind()).isEqualTo("0.0.0.0");
    assertThat(exposed.apiBind()).isEqualTo("127.0.0.1");
    assertThat(exposed.proxyBind()).isEqualTo("127.0.0.1");
    assertThat(exposed.proxyTls()).isTrue();
    assertThat(parse(Map.of(), "--proxy-tls=false", "--proxy-bind", "::1").proxyBind()).isEqualTo("::1");
  }

  @Test
  void theOldSharedBindIsRefusedWithWhereItWent() {
    assertThatThrownBy(() -> parse(Map.of(), "--bind=0.0.0.0")).hasMessageContaining("--tunnel-bind");
    assertThatThrownBy(() -> parse(Map.of("ORCHESTRATOR_BIND", "0.0.0.0"))).hasMessageContaining("ORCHESTRATOR_TUNNEL_BIND");
  }

  @Test
  void aGivenTokenMustBeLongAndIsNeverRepeated() {
    String short31 = "s3cret-".repeat(4) + "abc";
    assertThat(short31).hasSize(31);
    assertThatThrownBy(() -> parse(Map.of("ORCHESTRATOR_TOKEN", short31))).hasMessageContaining("has 31 characters")
        .hasMessageContaining("at least 32").hasMessageNotContaining(short31);
    assertThatThrownBy(() -> parse(Map.of(), "--token=" + " ".repeat(40))).hasMessageContaining("has 0 characters");
    assertThatThrownBy(() -> parse(Map.of(), "--token=" + "a".repeat(20) + " " + "b".repeat(20))).hasMessageContaining("without spaces");
    assertThat(parse(Map.of("ORCHESTRATOR_TOKEN", "x".repeat(32))).token()).hasSize(32);
    assertThat(parse(Map.of()).token()).as("unset: generated into the data directory").isEmpty();
    assertThat(parse(Map.of("ORCHESTRATOR_TOKEN", "x".repeat(32))).toString()).doesNotContain("x".repeat(32));
  }

  @Test
  void tunnelAuthorityIsValidated() {
    assertThat(parse(Map.of(), "--tunnel-authority=Tunnel.Example.com:443, tunnel.example.com:9443").tunnelAuthority())
        .hasToString("tunnel.example.com,tunnel.example.com:9443");
    assertThatThrownBy(() -> parse(Map.of(), "--tunnel-authority=wss://tunnel.example.com/tunnel")).hasMessageContaining("is not host[:port]");
    assertThatThrownBy(() -> parse(Map.of(), "--tunnel-authority=, ")).hasMessageContaining("names no host");
  }

  @Test
  void badNumbersNameTheOption() {
    assertThatThrownBy(() -> parse(Map.of(), "--api-port=https")).hasMessageContaining("--api-port is 'https'");
    assertThatThrownBy(() -> parse(Map.of(), "--tunnel-port=70000")).hasMessageContaining("0..65535");
    assertThatThrownBy(() -> parse(Map.of(), "--open-timeout-ms=0")).hasMessageContaining("--open-timeout-ms");
    assertThatThrownBy(() -> parse(Map.of(), "--proxy-tls=yes")).hasMessageContaining("true or false");
    assertThatThrownBy(() -> parse(Map.of(), "--nope=1")).hasMessageContaining("unknown option --nope");
  }
}
