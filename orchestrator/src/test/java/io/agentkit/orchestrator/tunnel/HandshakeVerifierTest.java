package io.agentkit.orchestrator.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.keys.AgentPrivateKey;
import io.agentkit.contract.keys.PrivateKeyReader;
import io.agentkit.tunnel.signing.HandshakeSignature;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.tunnel.ws.HttpHead;
import io.agentkit.orchestrator.store.AgentStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandshakeVerifierTest {

  // Keys expire two years after linking, so the clock must be today's.
  private static final Instant NOW = Instant.now();

  @TempDir
  Path dir;

  private final KeyPair pair = TestKeys.rsa4096();
  private AgentPrivateKey key;
  private HandshakeVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    key = PrivateKeyReader.parse(TestKeys.pkcs8Pem(pair).getBytes(StandardCharsets.US_ASCII), "k");
    AgentStore store = AgentStore.open(dir.resolve("store.json"));
    store.create("org-a", "agent-a", TestKeys.publicPem(pair), null, "t");
    verifier = new HandshakeVerifier(store);
  }

  private HttpHead head(String orgs, long created) {
    var request = new HandshakeSignature.Request("GET", "agent-01.example", "/tunnel", orgs, "pod-1");
    Map<String, String> h = new LinkedHashMap<>();
    h.put("host", "agent-01.example:443");
    h.put("agent-orgs", orgs);
    h.put("agent-connection-id", "pod-1");
    HandshakeSignature.sign(key, request, created).forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return new HttpHead("GET", "/tunnel", "HTTP/1.1", h);
  }

  @Test
  void acceptsAFreshSignatureOnceOnly() throws Exception {
    HttpHead h = head("org-a", NOW.getEpochSecond());
    HandshakeVerifier.Verified v = verifier.verify(h, NOW);
    assertThat(v.connectionId()).isEqualTo("pod-1");
    assertThat(v.links()).singleElement().satisfies(l -> assertThat(l.agentId()).isEqualTo("agent-a"));
    assertThatThrownBy(() -> verifier.verify(h, NOW)).hasMessageContaining("replayed nonce");
  }

  @Test
  void rejectsOldFutureUnknownAndPartlyAuthorizedSignatures() {
    assertThatThrownBy(() -> verifier.verify(head("org-a", NOW.getEpochSecond() - 301), NOW)).hasMessageContaining("more than ±300 s");
    assertThatThrownBy(() -> verifier.verify(head("org-a", NOW.getEpochSecond() + 301), NOW)).hasMessageContaining("more than ±300 s");
    assertThatThrownBy(() -> verifier.verify(head("org-a,org-b", NOW.getEpochSecond()), NOW))
        .hasMessageContaining("not registered and authorized in organization(s) org-b");
  }

  @Test
  void rejectsAnExpiredKey() {
    Instant threeYearsOn = NOW.plusSeconds(3 * 365 * 86400L);
    assertThatThrownBy(() -> verifier.verify(head("org-a", threeYearsOn.getEpochSecond()), threeYearsOn))
        .hasMessageContaining("not registered and authorized in organization(s) org-a");
  }

  @Test
  void rejectsHeadersThatDoNotMatchTheSignature() throws Exception {
    HttpHead h = head("org-a", NOW.getEpochSecond());
    Map<String, String> tampered = new LinkedHashMap<>(h.headers());
    tampered.put("agent-connection-id", "pod-2");
    assertThatThrownBy(() -> verifier.verify(new HttpHead("GET", "/tunnel", "HTTP/1.1", tampered), NOW))
        .hasMessageContaining("signature does not verify");
  }
}
