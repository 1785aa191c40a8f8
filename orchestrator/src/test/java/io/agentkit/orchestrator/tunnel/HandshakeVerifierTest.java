package io.agentkit.orchestrator.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.keys.AgentPrivateKey;
import io.agentkit.contract.keys.PrivateKeyReader;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.orchestrator.store.AgentStore;
import io.agentkit.orchestrator.store.NonceStore;
import io.agentkit.tunnel.signing.HandshakeSignature;
import io.agentkit.tunnel.ws.HttpHead;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandshakeVerifierTest {

  // Keys expire two years after linking, so the clock must be today's.
  private static final Instant NOW = Instant.now();
  private static final TunnelAuthority US = TunnelAuthority.parse("agent-01.example");

  @TempDir
  Path dir;

  private final KeyPair pair = TestKeys.rsa4096();
  private AgentPrivateKey key;
  private AgentStore store;
  private NonceStore nonces;
  private HandshakeVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    key = PrivateKeyReader.parse(TestKeys.pkcs8Pem(pair).getBytes(StandardCharsets.US_ASCII), "k");
    store = AgentStore.open(dir.resolve("store.json"));
    store.create("org-a", "agent-a", TestKeys.publicPem(pair), null, "t");
    nonces = NonceStore.open(dir.resolve("nonces.log"), HandshakeSignature.MAX_SKEW_SECONDS, false, NOW);
    verifier = new HandshakeVerifier(store, nonces, US);
  }

  @AfterEach
  void tearDown() throws Exception {
    nonces.close();
  }

  private HttpHead head(String orgs, long created) {
    return head("agent-01.example", "agent-01.example:443", orgs, created);
  }

  /** A handshake signed for {@code signedAuthority}, sent with {@code hostHeader}. */
  private HttpHead head(String signedAuthority, String hostHeader, String orgs, long created) {
    var request = new HandshakeSignature.Request("GET", signedAuthority, "/tunnel", orgs, "pod-1");
    Map<String, String> h = new LinkedHashMap<>();
    h.put("host", hostHeader);
    h.put("agent-orgs", orgs);
    h.put("agent-connection-id", "pod-1");
    HandshakeSignature.sign(key, request, created).forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
    return new HttpHead("GET", "/tunnel", "HTTP/1.1", h);
  }

  private static HttpHead with(HttpHead h, Consumer<Map<String, String>> change) {
    Map<String, String> m = new LinkedHashMap<>(h.headers());
    change.accept(m);
    return new HttpHead(h.method(), h.target(), h.version(), m);
  }

  /** Refused with nothing but "unauthorized" for the client, and {@code logged} for the server log. */
  private static void assertUnauthorized(ThrowableAssert.ThrowingCallable call, String logged) {
    assertThatThrownBy(call).isInstanceOfSatisfying(HandshakeVerifier.Rejected.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.answer()).isEqualTo("unauthorized");
      assertThat(e.getMessage()).contains(logged);
    });
  }

  @Test
  void acceptsAFreshSignatureOnceOnly() throws Exception {
    HttpHead h = head("org-a", NOW.getEpochSecond());
    HandshakeVerifier.Verified v = verifier.verify(h, NOW);
    assertThat(v.connectionId()).isEqualTo("pod-1");
    assertThat(v.links()).singleElement().satisfies(l -> assertThat(l.agentId()).isEqualTo("agent-a"));
    assertUnauthorized(() -> verifier.verify(h, NOW), "replayed nonce");
  }

  @Test
  void aReplayIsRefusedAfterARestartBecauseNoncesArePersisted() throws Exception {
    HttpHead h = head("org-a", NOW.getEpochSecond());
    verifier.verify(h, NOW);
    nonces.close();
    nonces = NonceStore.open(dir.resolve("nonces.log"), HandshakeSignature.MAX_SKEW_SECONDS, true, NOW.plusSeconds(5));
    HandshakeVerifier restarted = new HandshakeVerifier(AgentStore.open(dir.resolve("store.json")), nonces, US);
    assertUnauthorized(() -> restarted.verify(h, NOW.plusSeconds(5)), "replayed nonce");
    assertThat(restarted.verify(head("org-a", NOW.getEpochSecond() + 5), NOW.plusSeconds(5)).fingerprint()).isEqualTo(key.fingerprint());
  }

  @Test
  void withoutANonceHistorySignaturesFromBeforeTheStartAreRefused() throws Exception {
    HttpHead before = head("org-a", NOW.getEpochSecond() - 10);
    nonces.close();
    nonces = NonceStore.open(dir.resolve("lost-nonces.log"), HandshakeSignature.MAX_SKEW_SECONDS, true, NOW);
    HandshakeVerifier v = new HandshakeVerifier(store, nonces, US);
    assertUnauthorized(() -> v.verify(before, NOW), "nonce history is unknown");
    assertThat(v.verify(head("org-a", NOW.getEpochSecond()), NOW).orgs()).containsExactly("org-a");
  }

  @Test
  void aHandshakeSignedForAnotherAuthorityIsRefused() {
    // A relay named in a tampered TUNNEL_URL forwards the handshake it received, Host and all...
    assertUnauthorized(() -> verifier.verify(head("evil.example", "evil.example", "org-a", NOW.getEpochSecond()), NOW),
        "signed for authority 'evil.example', not this orchestrator's agent-01.example");
    // ...or rewrites Host to ours, which breaks the signature.
    assertUnauthorized(() -> verifier.verify(head("evil.example", "agent-01.example", "org-a", NOW.getEpochSecond()), NOW),
        "signature does not verify");
    // Port 443 is the scheme's default either way; any other port is another authority.
    assertUnauthorized(() -> verifier.verify(head("agent-01.example:8443", "agent-01.example:8443", "org-a", NOW.getEpochSecond()), NOW),
        "signed for authority");
  }

  @Test
  void rejectsOldFutureAndUnknownSignaturesWithoutSayingWhy() {
    assertUnauthorized(() -> verifier.verify(head("org-a", NOW.getEpochSecond() - 301), NOW), "more than ±300 s");
    assertUnauthorized(() -> verifier.verify(head("org-a", NOW.getEpochSecond() + 301), NOW), "more than ±300 s");
  }

  @Test
  void anUnregisteredKeyLearnsNothing() throws Exception {
    store.delete("org-a", "agent-a");
    assertUnauthorized(() -> verifier.verify(head("org-a", NOW.getEpochSecond()), NOW), "no agent has a key with fingerprint " + key.fingerprint());
  }

  @Test
  void aClientThatProvedItsKeyLearnsWhichOrganizationsAreMissing() {
    assertThatThrownBy(() -> verifier.verify(head("org-a,org-b", NOW.getEpochSecond()), NOW))
        .isInstanceOfSatisfying(HandshakeVerifier.Rejected.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.answer()).contains("not registered and authorized in organization(s) org-b");
        });
  }

  @Test
  void rejectsAnExpiredKey() {
    Instant threeYearsOn = NOW.plusSeconds(3 * 365 * 86400L);
    assertThatThrownBy(() -> verifier.verify(head("org-a", threeYearsOn.getEpochSecond()), threeYearsOn))
        .hasMessageContaining("not registered and authorized in organization(s) org-a");
  }

  @Test
  void rejectsHeadersThatDoNotMatchTheSignature() {
    HttpHead h = head("org-a", NOW.getEpochSecond());
    assertUnauthorized(() -> verifier.verify(with(h, m -> m.put("agent-connection-id", "pod-2")), NOW), "signature does not verify");
    assertUnauthorized(() -> verifier.verify(with(h, m -> m.put("agent-orgs", "org-a,org-b")), NOW), "signature does not verify");
  }

  @Test
  void missingAndMalformedHeadersAreRefusedAsUnauthorized() {
    HttpHead h = head("org-a", NOW.getEpochSecond());
    String input = h.header("signature-input");
    String sig = h.header("signature");
    List<Map.Entry<String, Consumer<Map<String, String>>>> cases = new java.util.ArrayList<>();
    cases.add(Map.entry("missing Signature-Input", m -> m.remove("signature-input")));
    cases.add(Map.entry("missing Signature", m -> m.remove("signature")));
    cases.add(Map.entry("Signature-Input is not label=", m -> m.put("signature-input", "nonsense")));
    cases.add(Map.entry("no component list", m -> m.put("signature-input", "tunnel=nonsense")));
    cases.add(Map.entry("component list is not closed", m -> m.put("signature-input", "tunnel=(\"@method\"")));
    cases.add(Map.entry("is not a quoted string", m -> m.put("signature-input", "tunnel=(@method);created=1")));
    cases.add(Map.entry("unterminated string", m -> m.put("signature-input", input.replaceAll(";alg=.*", ";alg=\"rsa"))));
    cases.add(Map.entry("Signature header is not tunnel=:<base64>:", m -> m.put("signature", "tunnel=abc")));
    cases.add(Map.entry("not valid base64", m -> m.put("signature", "tunnel=:%%%:")));
    cases.add(Map.entry("label must be 'tunnel'", m -> {
      m.put("signature-input", input.replaceFirst("^tunnel=", "other="));
      m.put("signature", sig.replaceFirst("^tunnel=", "other="));
    }));
    cases.add(Map.entry("signature must cover", m -> m.put("signature-input", input.replace(" \"agent-connection-id\"", ""))));
    cases.add(Map.entry("are required", m -> m.put("signature-input", input.replaceAll(";keyid=\"[0-9a-f]+\"", ""))));
    cases.add(Map.entry("are required", m -> m.put("signature-input", input.replace("rsa-pss-sha512", "rsa-v1_5-sha256"))));
    cases.add(Map.entry("created is not a number", m -> m.put("signature-input", input.replaceAll(";created=[0-9]+", ";created=soon"))));
    cases.add(Map.entry("nonce must be base64url", m -> m.put("signature-input", input.replaceAll(";nonce=\"[^\"]+\"", ";nonce=\"short\""))));
    cases.add(Map.entry("nonce must be base64url", m -> m.put("signature-input", input.replaceAll(";nonce=\"[^\"]+\"", ";nonce=\"" + "a b".repeat(10) + "\""))));
    cases.add(Map.entry("keyid must be a key fingerprint", m -> m.put("signature-input", input.replaceAll(";keyid=\"[0-9a-f]+\"", ";keyid=\"../../etc\""))));
    cases.add(Map.entry("signed for authority ''", m -> m.remove("host")));
    for (Map.Entry<String, Consumer<Map<String, String>>> c : cases) {
      assertUnauthorized(() -> verifier.verify(with(h, c.getValue()), NOW), c.getKey());
    }
    // Missing organization and connection headers are part of what the signature covers.
    assertUnauthorized(() -> verifier.verify(with(h, m -> m.remove("agent-orgs")), NOW), "signature does not verify");
    assertUnauthorized(() -> verifier.verify(with(h, m -> m.remove("agent-connection-id")), NOW), "signature does not verify");
  }

  @Test
  void mutatedHeadersOnlyEverFailAsRejections() {
    HttpHead h = head("org-a", NOW.getEpochSecond());
    Random random = new Random(9);
    List<String> names = List.of("signature-input", "signature", "host", "agent-orgs", "agent-connection-id");
    for (int i = 0; i < 3000; i++) {
      String name = names.get(random.nextInt(names.size()));
      String value = h.header(name);
      StringBuilder b = new StringBuilder(value);
      for (int n = 1 + random.nextInt(3); n > 0 && b.length() > 0; n--) {
        int at = random.nextInt(b.length());
        switch (random.nextInt(3)) {
          case 0 -> b.deleteCharAt(at);
          case 1 -> b.insert(at, "\";=():, \\%\u00e9\u0000".charAt(random.nextInt(12)));
          default -> b.setLength(at);
        }
      }
      HttpHead mutated = with(h, m -> m.put(name, b.toString()));
      try {
        verifier.verify(mutated, NOW);
      } catch (HandshakeVerifier.Rejected expected) {
        assertThat(expected.answer()).isIn("unauthorized", "key " + key.fingerprint() + " is not registered and authorized in organization(s) "
            + mutated.header("agent-orgs").trim(), "Agent-Orgs names no organization");
      }
    }
  }
}
