package io.agentkit.orchestrator.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.orchestrator.tls.TlsMaterial;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TunnelAuthorityTest {

  @TempDir
  Path dir;

  @Test
  void theDefaultIsTheCertificatesNamesWithTheTunnelPort() throws Exception {
    TlsMaterial.ensureSelfSigned(dir, List.of("tunnel.example.com", "*.example.com"));
    List<String> names = TlsMaterial.names(dir.resolve("cert.pem"));
    TunnelAuthority a = TunnelAuthority.fromCertificateNames(names, 9443);
    assertThat(a.accepts("tunnel.example.com:9443")).isTrue();
    assertThat(a.accepts("TUNNEL.example.com:9443")).isTrue();
    assertThat(a.accepts("127.0.0.1:9443")).isTrue();
    assertThat(a.accepts("[::1]:9443")).isTrue();
    assertThat(a.accepts("[0:0:0:0:0:0:0:1]:9443")).isTrue();
    assertThat(a.accepts("tunnel.example.com:9444")).isFalse();
    assertThat(a.accepts("tunnel.example.com")).isFalse();
    assertThat(a.accepts("other.example.com:9443")).as("wildcard names name no single host").isFalse();
    assertThat(a.accepts(null)).isFalse();
    assertThat(a.accepts("")).isFalse();
  }

  @Test
  void port443IsTheDefaultAndMayBeLeftOut() {
    TunnelAuthority onDefaultPort = TunnelAuthority.fromCertificateNames(List.of("tunnel.example.com"), 443);
    assertThat(onDefaultPort.accepts("tunnel.example.com")).isTrue();
    assertThat(onDefaultPort.accepts("tunnel.example.com:443")).isTrue();
    TunnelAuthority given = TunnelAuthority.parse("tunnel.example.com:443,[fd00::1]:8443");
    assertThat(given.accepts("tunnel.example.com")).isTrue();
    assertThat(given.accepts("[fd00:0:0:0:0:0:0:1]:8443")).isTrue();
    assertThat(given.accepts("[fd00::2]:8443")).isFalse();
    assertThat(TunnelAuthority.fromCertificateNames(List.of("*.example.com"), 443).isEmpty()).isTrue();
  }
}
