package io.agentkit.core.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials stay with their registry: Basic credentials go only to the registry's own host or a
 * token service on it (or one the user trusts), never over plain HTTP unless plainHttp is set, and
 * no Authorization goes to another origin. "Another host" here is the same loopback server under the
 * name localhost: the client compares names, as browsers and Go do.
 */
class CredentialScopingTest {

  static final String USER = "pusher";
  static final String PASSWORD = "s3cret-registry-password";
  static final String TOKEN = "issued-token-abc";

  @TempDir Path dir;

  private TestPush push() throws Exception {
    TestPush p = new TestPush(dir);
    p.settings = new Credentials(USER, PASSWORD, "settings.xml server 'reg'");
    return p;
  }

  @Test
  void aTokenRealmOnAnotherHostReceivesNothing() throws Exception {
    try (FakeTokenService tokens = new FakeTokenService(FakeRegistry.basicHeader(USER, PASSWORD), TOKEN); FakeRegistry registry = FakeRegistry.http()) {
      registry.requiredAuthorization = "Bearer " + TOKEN;
      registry.challenge = "Bearer realm=\"" + tokens.otherHostRealm() + "\",service=\"fake\",scope=\"repository:charts/demo:pull,push\"";
      TestPush p = push();
      assertThatThrownBy(() -> p.push("oci://" + registry.host() + "/charts", true))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("trustedAuthRealms: registry " + registry.host() + " asks for a token from http://localhost:" + tokens.port())
          .hasMessageContaining("were not sent there: it is on another host (localhost)")
          .hasMessageContaining("-Dhumanitec-agent.trustedAuthRealms=localhost")
          .hasMessageNotContaining(PASSWORD);
      assertThat(tokens.seen).as("the other host's token service saw no request at all").isEmpty();
      assertThat(p.log.text()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void aTokenRealmHostTheUserTrustsReceivesTheCredentials() throws Exception {
    try (FakeTokenService tokens = new FakeTokenService(FakeRegistry.basicHeader(USER, PASSWORD), TOKEN); FakeRegistry registry = FakeRegistry.http()) {
      registry.requiredAuthorization = "Bearer " + TOKEN;
      registry.challenge = "Bearer realm=\"" + tokens.otherHostRealm() + "\",service=\"fake\",scope=\"repository:charts/demo:pull,push\"";
      TestPush p = push();
      p.trustedAuthRealms = List.of("https://LOCALHOST/ignored-path");
      assertThat(p.push("oci://" + registry.host() + "/charts", true).blobsUploaded()).isEqualTo(2);
      assertThat(tokens.seen).extracting(FakeRegistry.Seen::authorization).containsOnly(FakeRegistry.basicHeader(USER, PASSWORD));
      assertThat(tokens.seen.get(0).path()).contains("service=fake").contains("scope=repository%3Acharts%2Fdemo%3Apull%2Cpush");
      assertThat(registry.seen).extracting(FakeRegistry.Seen::authorization).doesNotContain(FakeRegistry.basicHeader(USER, PASSWORD));
    }
  }

  @Test
  void aTokenRealmOnTheRegistrysHostReceivesTheCredentials() throws Exception {
    try (FakeTokenService tokens = new FakeTokenService(FakeRegistry.basicHeader(USER, PASSWORD), TOKEN); FakeRegistry registry = FakeRegistry.http()) {
      registry.requiredAuthorization = "Bearer " + TOKEN;
      registry.challenge = "Bearer realm=\"" + tokens.realm() + "\",service=\"fake\"";
      TestPush p = push();
      PushChart.Result r = p.push("oci://" + registry.host() + "/charts", true);
      assertThat(r.blobsUploaded()).isEqualTo(2);
      assertThat(tokens.seen).hasSize(1);
      assertThat(registry.seen).filteredOn(s -> s.authorization() != null).extracting(FakeRegistry.Seen::authorization).containsOnly("Bearer " + TOKEN);
      assertThat(p.log.text()).contains("Registry credentials: settings.xml server 'reg' (user 'pusher')").doesNotContain(PASSWORD).doesNotContain(TOKEN);
    }
  }

  @Test
  void credentialsNeverGoToAPlainHttpRealmUnlessPlainHttpIsSet() throws Exception {
    TestTls tls = TestTls.create();
    try (FakeTokenService tokens = new FakeTokenService(FakeRegistry.basicHeader(USER, PASSWORD), TOKEN); FakeRegistry registry = FakeRegistry.https(tls)) {
      registry.requiredAuthorization = "Bearer " + TOKEN;
      registry.challenge = "Bearer realm=\"" + tokens.realm() + "\",service=\"fake\"";
      TestPush p = push();
      p.tls = new TlsOptions(tls.caFile(dir), false, false);
      assertThatThrownBy(() -> p.push("oci://" + registry.host() + "/charts", false))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("it uses plain HTTP, and credentials travel over plain HTTP only with plainHttp=true")
          .hasMessageNotContaining(PASSWORD);
      assertThat(tokens.seen).isEmpty();
    }
  }

  @Test
  void anonymousPushesMayAskAnyRealmForAToken() throws Exception {
    try (FakeTokenService tokens = new FakeTokenService(null, TOKEN); FakeRegistry registry = FakeRegistry.http()) {
      registry.requiredAuthorization = "Bearer " + TOKEN;
      registry.challenge = "Bearer realm=\"" + tokens.otherHostRealm() + "\",service=\"fake\"";
      TestPush p = new TestPush(dir);
      assertThat(p.push("oci://" + registry.host() + "/charts", true).blobsUploaded()).isEqualTo(2);
      assertThat(tokens.seen).extracting(FakeRegistry.Seen::authorization).containsOnlyNulls();
    }
  }

  @Test
  void anUploadLocationOnAnotherOriginGetsNoAuthorization() throws Exception {
    try (FakeRegistry registry = FakeRegistry.http().basic(USER, PASSWORD); FakeRegistry storage = FakeRegistry.http()) {
      registry.uploadLocation = relative -> storage.localhostUrl() + relative;
      TestPush p = push();
      assertThat(p.push("oci://" + registry.host() + "/charts", true).blobsUploaded()).isEqualTo(2);
      assertThat(storage.seen).hasSize(2).allMatch(s -> s.method().equals("PUT") && s.authorization() == null);
      assertThat(storage.blobs).hasSize(2);
      assertThat(registry.seen).filteredOn(s -> s.authorization() != null).extracting(FakeRegistry.Seen::authorization)
          .containsOnly(FakeRegistry.basicHeader(USER, PASSWORD));
    }
  }

  @Test
  void anUploadLocationOnTheSameOriginKeepsTheAuthorization() throws Exception {
    try (FakeRegistry registry = FakeRegistry.http().basic(USER, PASSWORD)) {
      registry.uploadLocation = relative -> registry.url() + relative;
      TestPush p = push();
      assertThat(p.push("oci://" + registry.host() + "/charts", true).blobsUploaded()).isEqualTo(2);
      assertThat(registry.seen).filteredOn(s -> s.method().equals("PUT") && s.path().contains("/blobs/uploads/"))
          .hasSize(2).allMatch(s -> FakeRegistry.basicHeader(USER, PASSWORD).equals(s.authorization()));
    }
  }

  @Test
  void blobAndManifestRedirectsToAnotherOriginAreFollowedWithoutAuthorization() throws Exception {
    try (FakeRegistry registry = FakeRegistry.http().basic(USER, PASSWORD); FakeRegistry storage = FakeRegistry.http()) {
      TestPush p = push();
      p.push("oci://" + registry.host() + "/charts", true);
      storage.blobs.putAll(registry.blobs);
      storage.manifests.putAll(registry.manifests);
      registry.blobRedirect = path -> storage.localhostUrl() + path;
      registry.manifestRedirect = path -> storage.localhostUrl() + path;
      PushChart.Result again = push().push("oci://" + registry.host() + "/charts", true);
      assertThat(again.blobsSkipped()).isEqualTo(2);
      assertThat(again.manifestUploaded()).isFalse();
      assertThat(storage.seen).hasSize(3).allMatch(s -> s.method().equals("HEAD") && s.authorization() == null);
      assertThat(registry.seen.subList(registry.seen.size() - 3, registry.seen.size())).allMatch(s -> FakeRegistry.basicHeader(USER, PASSWORD).equals(s.authorization()));
    }
  }

  @Test
  void anotherOriginAskingForAuthenticationGetsNoCredentials() throws Exception {
    try (FakeRegistry registry = FakeRegistry.http().basic(USER, PASSWORD); FakeRegistry storage = FakeRegistry.http().basic("other", "x")) {
      registry.blobRedirect = path -> storage.localhostUrl() + path;
      TestPush p = push();
      assertThatThrownBy(() -> p.push("oci://" + registry.host() + "/charts", true))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("which asks for authentication").hasMessageContaining("never sent to another host").hasMessageNotContaining(PASSWORD);
      assertThat(storage.seen).isNotEmpty().allMatch(s -> s.authorization() == null);
    }
  }

  @Test
  void redirectLoopsEnd() throws Exception {
    try (FakeRegistry registry = FakeRegistry.http()) {
      registry.blobRedirect = path -> registry.url() + path;
      TestPush p = new TestPush(dir);
      assertThatThrownBy(() -> p.push("oci://" + registry.host() + "/charts", true)).isInstanceOf(RegistryException.class)
          .hasMessageContaining("more than 5 redirects");
    }
  }
}
