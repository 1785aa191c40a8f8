package io.agentkit.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyTokenStoreTest {

  @TempDir
  Path dir;

  @Test
  void aTokenIsShownOnceStoredHashedAndWorksOnlyUntilRevoked() throws Exception {
    Path file = dir.resolve("proxy-tokens.json");
    ProxyTokenStore s = ProxyTokenStore.open(file);
    List<String> revoked = new ArrayList<>();
    s.onRevoked(t -> revoked.add(t.id()));
    ProxyTokenStore.Created a = s.create("org-a", "ci", "api-token");
    ProxyTokenStore.Created b = s.create("org-b", null, "api-token");
    assertThat(a.secret()).startsWith("akpt_").hasSize(48);
    assertThat(s.authenticate(a.secret())).isEqualTo(a.token());
    assertThat(s.authenticate(a.secret() + "x")).isNull();
    assertThat(s.authenticate("")).isNull();
    assertThat(s.authenticate(null)).isNull();
    String onDisk = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(onDisk).doesNotContain(a.secret()).doesNotContain(a.secret().substring(5)).contains(a.token().sha256());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

    ProxyTokenStore reopened = ProxyTokenStore.open(file);
    assertThat(reopened.authenticate(b.secret())).isEqualTo(b.token());
    assertThat(reopened.list("org-a")).extracting(ProxyTokenStore.Token::id).containsExactly(a.token().id());

    s.revoke("org-a", a.token().id());
    assertThat(revoked).containsExactly(a.token().id());
    assertThat(s.authenticate(a.secret())).isNull();
    assertThat(s.isLive(b.token())).isTrue();
    assertThat(ProxyTokenStore.open(file).authenticate(a.secret())).isNull();
    assertThatThrownBy(() -> s.revoke("org-a", a.token().id())).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.status()).isEqualTo(404));
    // A token id is only found in its own organization.
    assertThatThrownBy(() -> s.revoke("org-a", b.token().id())).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void organizationsAreValidatedAndTokensPerOrganizationBounded() throws Exception {
    ProxyTokenStore s = ProxyTokenStore.open(dir.resolve("proxy-tokens.json"));
    assertThatThrownBy(() -> s.create("../etc", null, "t")).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> s.create("o", "x".repeat(201), "t")).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.status()).isEqualTo(400));
    for (int i = 0; i < ProxyTokenStore.MAX_PER_ORG; i++) {
      s.create("o", null, "t");
    }
    assertThatThrownBy(() -> s.create("o", null, "t")).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.status()).isEqualTo(409));
    assertThat(s.create("p", null, "t")).isNotNull();
  }

  @Test
  void aCorruptOrTruncatedFileIsRefusedAndLeftAlone() throws Exception {
    Path file = dir.resolve("proxy-tokens.json");
    ProxyTokenStore.open(file).create("org-a", null, "t");
    byte[] whole = Files.readAllBytes(file);
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
    Files.write(file, truncated);
    assertThatThrownBy(() -> ProxyTokenStore.open(file)).hasMessageContaining(file.toString()).hasMessageContaining("truncated or corrupt");
    assertThat(Files.readAllBytes(file)).isEqualTo(truncated);
    Files.writeString(file, "[{\"id\":\"pt-1\",\"org_id\":\"o\"}]");
    assertThatThrownBy(() -> ProxyTokenStore.open(file)).hasMessageContaining("incomplete entry");
  }
}
