package io.agentkit.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.keys.Fingerprints;
import io.agentkit.contract.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentStoreTest {

  @TempDir
  Path dir;

  private final KeyPair key = TestKeys.rsa4096();
  private final String pem = TestKeys.publicPem(key);

  @Test
  void survivesAReopenLikeARestart() throws Exception {
    AgentStore a = AgentStore.open(dir.resolve("store.json"));
    a.create("org", "my-agent", pem, "first", "t");
    KeyPair second = TestKeys.rsa("second", 4096);
    a.link("org", "my-agent", TestKeys.publicPem(second), "t");
    AgentStore b = AgentStore.open(dir.resolve("store.json"));
    assertThat(b.list("org", null)).extracting(AgentRecord::id).containsExactly("my-agent");
    assertThat(b.keys("org", "my-agent")).extracting(KeyRecord::fingerprint)
        .containsExactly(Fingerprints.of(key.getPublic()), Fingerprints.of(second.getPublic()));
    assertThat(b.links(Fingerprints.of(key.getPublic()))).singleElement().satisfies(l -> assertThat(l.org()).isEqualTo("org"));
    assertThat(b.list("org", Fingerprints.of(second.getPublic()))).hasSize(1);
  }

  @Test
  void answersTheAgentApiStatuses() throws Exception {
    AgentStore s = AgentStore.open(dir.resolve("store.json"));
    s.create("org", "my-agent", pem, null, "t");
    assertStatus(() -> s.create("org", "my-agent", TestKeys.publicPem(TestKeys.rsa("x", 4096)), null, "t"), 409);
    assertStatus(() -> s.create("org", "other", pem, null, "t"), 409);
    assertStatus(() -> s.create("org", "Bad_Id", TestKeys.publicPem(TestKeys.rsa("y", 4096)), null, "t"), 400);
    assertStatus(() -> s.create("org", "small", TestKeys.publicPem(TestKeys.rsa("small", 2048)), null, "t"), 400);
    assertStatus(() -> s.create("org", "pkcs1", "-----BEGIN RSA PUBLIC KEY-----\nAA==\n-----END RSA PUBLIC KEY-----\n", null, "t"), 400);
    assertStatus(() -> s.link("org", "my-agent", pem, "t"), 409);
    assertStatus(() -> s.keys("org", "missing"), 404);
    assertStatus(() -> s.unlink("org", "my-agent", "0".repeat(64)), 404);
  }

  @Test
  void unlinkingAndDeletingNotifyForSessionRevocation() throws Exception {
    AgentStore s = AgentStore.open(dir.resolve("store.json"));
    List<String> revoked = new ArrayList<>();
    s.onRevoked((org, agent) -> revoked.add(org + "/" + agent));
    s.create("org", "my-agent", pem, null, "t");
    s.unlink("org", "my-agent", Fingerprints.of(key.getPublic()));
    s.delete("org", "my-agent");
    assertThat(revoked).containsExactly("org/my-agent", "org/my-agent");
    assertThat(s.links(Fingerprints.of(key.getPublic()))).isEmpty();
  }

  @Test
  void aCorruptOrTruncatedStoreIsRefusedNamingTheFileAndLeftUntouched() throws Exception {
    Path file = dir.resolve("store.json");
    AgentStore.open(file).create("org", "my-agent", pem, "first", "t");
    byte[] whole = Files.readAllBytes(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    for (int cut : new int[] {0, 1, whole.length / 3, whole.length - 2}) {
      byte[] truncated = java.util.Arrays.copyOf(whole, cut);
      Files.write(file, truncated);
      assertThatThrownBy(() -> AgentStore.open(file)).as("cut at %d of %d bytes", cut, whole.length)
          .isInstanceOf(java.io.IOException.class).hasMessageContaining(file.toString()).hasMessageContaining("restore it from a backup");
      assertThat(Files.readAllBytes(file)).isEqualTo(truncated);
    }
    String text = new String(whole, StandardCharsets.UTF_8);
    Map<String, String> corrupt = new LinkedHashMap<>();
    corrupt.put("null", "holds no store object");
    corrupt.put("{\"org\": {\"my-agent\": null}}", "agent or keys missing");
    corrupt.put(text.replace("\"org_id\" : \"org\"", "\"org_id\" : \"other\""), "does not match its place");
    corrupt.put(text.replaceAll("\"expired_at\" : \"[^\"]+\"", "\"expired_at\" : \"never\""), "not an ISO-8601 instant");
    corrupt.put(text.replaceAll("\"key\" : \"[^\"]+\"", "\"key\" : null"), "is incomplete");
    corrupt.put("[1, 2, 3]", "truncated or corrupt");
    corrupt.put("\u0000\u0001garbage", "truncated or corrupt");
    for (Map.Entry<String, String> c : corrupt.entrySet()) {
      Files.writeString(file, c.getKey());
      assertThatThrownBy(() -> AgentStore.open(file)).as(c.getKey()).hasMessageContaining(c.getValue());
      assertThat(Files.readString(file)).isEqualTo(c.getKey());
    }
  }

  @Test
  void keysExpireForTheSessionCheck() throws Exception {
    AgentStore s = AgentStore.open(dir.resolve("store.json"));
    s.create("org", "my-agent", pem, null, "t");
    String fp = Fingerprints.of(key.getPublic());
    assertThat(s.usable("org", "my-agent", fp, java.time.Instant.now())).isTrue();
    assertThat(s.usable("org", "my-agent", fp, java.time.Instant.now().plus(java.time.Duration.ofDays(AgentStore.KEY_LIFETIME_DAYS + 1)))).isFalse();
    assertThat(s.usable("org", "other", fp, java.time.Instant.now())).isFalse();
    assertThat(s.usable("elsewhere", "my-agent", fp, java.time.Instant.now())).isFalse();
  }

  private interface Call {
    void run() throws Exception;
  }

  private static void assertStatus(Call call, int status) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.status()).isEqualTo(status));
  }
}
