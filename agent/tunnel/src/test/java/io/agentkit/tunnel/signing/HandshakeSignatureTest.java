package io.agentkit.tunnel.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.keys.AgentPrivateKey;
import io.agentkit.contract.keys.PrivateKeyReader;
import io.agentkit.contract.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeSignatureTest {

  private static final HandshakeSignature.Request REQUEST =
      new HandshakeSignature.Request("GET", "agent-01.humanitec.io", "/tunnel", "org-a,org-b", "pod-1");

  @Test
  void signatureBaseFollowsRfc9421() {
    String params = HandshakeSignature.params(1700000000, "abc", "f00d");
    assertThat(HandshakeSignature.base(REQUEST, params)).isEqualTo(
        "\"@method\": GET\n"
            + "\"@authority\": agent-01.humanitec.io\n"
            + "\"@path\": /tunnel\n"
            + "\"agent-orgs\": org-a,org-b\n"
            + "\"agent-connection-id\": pod-1\n"
            + "\"@signature-params\": (\"@method\" \"@authority\" \"@path\" \"agent-orgs\" \"agent-connection-id\")"
            + ";created=1700000000;nonce=\"abc\";keyid=\"f00d\";alg=\"rsa-pss-sha512\"");
  }

  @Test
  void signedHeadersParseAndVerifyAndAnyChangeBreaksThem() throws Exception {
    AgentPrivateKey key = PrivateKeyReader.parse(TestKeys.pkcs8Pem(TestKeys.rsa4096()).getBytes(StandardCharsets.US_ASCII), "k");
    Map<String, String> h = HandshakeSignature.sign(key, REQUEST, 1700000000);
    SignatureInput in = SignatureInput.parse(h.get("Signature-Input"), h.get("Signature"));
    assertThat(in.label()).isEqualTo("tunnel");
    assertThat(in.components()).isEqualTo(HandshakeSignature.COMPONENTS);
    assertThat(in.parameter("keyid")).isEqualTo(key.fingerprint());
    assertThat(in.parameter("created")).isEqualTo("1700000000");
    assertThat(in.parameter("nonce")).hasSizeGreaterThanOrEqualTo(22);
    assertThat(HandshakeSignature.verify(key.publicKey(), HandshakeSignature.base(REQUEST, in.rawParams()), in.signature())).isTrue();
    var otherOrgs = new HandshakeSignature.Request("GET", "agent-01.humanitec.io", "/tunnel", "org-a", "pod-1");
    assertThat(HandshakeSignature.verify(key.publicKey(), HandshakeSignature.base(otherOrgs, in.rawParams()), in.signature())).isFalse();
    // Two signatures of the same request differ: fresh nonce (and PSS salt) every time.
    assertThat(HandshakeSignature.sign(key, REQUEST, 1700000000)).isNotEqualTo(h);
  }

  @Test
  void authorityDropsTheDefaultPortOnly() {
    assertThat(HandshakeSignature.authority("Agent-01.Humanitec.io", 443)).isEqualTo("agent-01.humanitec.io");
    assertThat(HandshakeSignature.authority("127.0.0.1", 9443)).isEqualTo("127.0.0.1:9443");
    assertThat(HandshakeSignature.authorityFromHostHeader("agent-01.humanitec.io:443")).isEqualTo("agent-01.humanitec.io");
  }

  @Test
  void malformedHeadersAreRejectedWithAReason() {
    assertThatThrownBy(() -> SignatureInput.parse(null, "tunnel=:AA==:")).hasMessageContaining("missing Signature-Input");
    assertThatThrownBy(() -> SignatureInput.parse("tunnel=(\"@method\";created=1", "tunnel=:AA==:")).hasMessageContaining("not closed");
    assertThatThrownBy(() -> SignatureInput.parse("tunnel=(@method);created=1", "tunnel=:AA==:")).hasMessageContaining("not a quoted string");
    assertThatThrownBy(() -> SignatureInput.parse("tunnel=(\"@method\");created=1", "other=:AA==:")).hasMessageContaining("tunnel=:<base64>:");
    assertThatThrownBy(() -> SignatureInput.parse("tunnel=(\"@method\");nonce=\"x", "tunnel=:AA==:")).hasMessageContaining("unterminated");
  }
}
