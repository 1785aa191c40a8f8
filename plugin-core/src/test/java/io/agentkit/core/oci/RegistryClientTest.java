package io.agentkit.core.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push-chart's OCI client against an in-process registry: auth flows, refusals, HEAD-first, retries, TLS and the digest files. */
class RegistryClientTest {

  static final String USER = "pusher";
  static final String PASSWORD = "s3cret-registry-password";

  @TempDir Path dir;

  @Test
  void anAnonymousPushUploadsConfigAndChartThenTheManifestAndWritesTheDigestFiles() throws Exception {
    try (FakeRegistry registry = FakeRegistry.http()) {
      TestPush p = new TestPush(dir);
      p.outputDirectory = dir.resolve("target");
      PushChart.Result r = p.push("oci://" + registry.host() + "/charts", true);
      assertThat(r.blobsUploaded()).isEqualTo(2);
      assertThat(r.reference()).isEqualTo(registry.host() + "/charts/demo:1.0.0");
      String manifestDigest = io.agentkit.core.chart.Digests.ociDigest(registry.manifests.get("/v2/charts/demo/manifests/1.0.0"));
      assertThat(r.digest()).isEqualTo(manifestDigest);
      assertThat(Files.readString(dir.resolve("target/demo-1.0.0.digest"))).isEqualTo(manifestDigest);
      assertThat(Files.readString(dir.resolve("target/demo-1.0.0.reference"))).isEqualTo("oci://" + registry.host() + "/charts/demo:1.0.0@" + manifestDigest + "\n");
      assertThat(p.log.text()).doesNotContain("Registry credentials");
    }
  }

  @Test
  void blobsTheRegistryHasAreNotUploadedAndAnUnchangedTagIsLeftAlone() throws Exception {
    try (FakeRegistry registry = FakeRegistry.http()) {
      new TestPush(dir).push("oci://" + registry.host() + "/charts", true);
      int before = registry.seen.size();
      TestPush again = new TestPush(dir);
      PushChart.Result r = again.push("oci://" + registry.host() + "/charts", true);
      assertThat(r.blobsUploaded()).isZero();
      assertThat(r.blobsSkipped()).isEqualTo(2);
      assertThat(r.manifestUploaded()).isFalse();
      assertThat(registry.seen.subList(before, registry.seen.size())).extracting(FakeRegistry.Seen::method).containsOnly("HEAD").hasSize(3);
      assertThat(again.log.text()).contains("is already in charts/demo, not uploaded").contains("already names manifest");
    }
  }

  @Test
  void basicAuthAnswersTheChallengeOnceAndKeepsTheHeader() throws Exception {
    try (FakeRegistry registry = FakeRegistry.http().basic(USER, PASSWORD)) {
      TestPush p = new TestPush(dir);
      p.settings = new Credentials(USER, PASSWORD, "settings.xml server 'reg'");
      p.push("oci://" + registry.host() + "/charts", true);
      assertThat(registry.seen.stream().filter(s -> s.authorization() == null)).as("one unauthenticated request, answered with 401").hasSize(1);
      assertThat(p.log.text()).contains("Registry credentials: settings.xml server 'reg' (user 'pusher')").doesNotContain(PASSWORD);
    }
  }

  @Test
  void aWrongPasswordNamesTheRefusedSourceWithoutShowingIt() throws Exception {
    try (FakeRegistry registry = FakeRegistry.http().basic(USER, PASSWORD)) {
      TestPush p = new TestPush(dir);
      p.settings = new Credentials(USER, "wrong-password-123", "settings.xml server 'reg'");
      assertThatThrownBy(() -> p.push("oci://" + registry.host() + "/charts", true)).isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("serverId: registry " + registry.host() + " refused the credentials from settings.xml server 'reg' (user 'pusher') with 401")
          .hasMessageNotContaining("wrong-password-123");
      assertThat(p.log.text()).doesNotContain("wrong-password-123");
    }
  }

  @Test
  void withoutCredentialsTheRefusalListsEveryPlaceLookedAt() throws Exception {
    try (FakeRegistry registry = FakeRegistry.http().basic(USER, PASSWORD)) {
      TestPush p = new TestPush(dir);
      assertThatThrownBy(() -> p.push("oci://" + registry.host() + "/charts", true)).isInstanceOf(RegistryException.class)
          .hasMessageContaining("requires authentication, and no credentials were found (looked at: settings.xml server '" + registry.host() + "', environment variables "
              + CredentialLookup.USERNAME_VARIABLE + "/" + CredentialLookup.PASSWORD_VARIABLE + ", " + dir.resolve("home/.docker/config.json") + " (absent)");
    }
  }

  @Test
  void aTokenServiceRefusalNamesTheCredentials() throws Exception {
    try (FakeTokenService tokens = new FakeTokenService(FakeRegistry.basicHeader(USER, PASSWORD), "t"); FakeRegistry registry = FakeRegistry.http()) {
      registry.requiredAuthorization = "Bearer t";
      registry.challenge = "Bearer realm=\"" + tokens.realm() + "\"";
      TestPush p = new TestPush(dir);
      p.env = Map.of(CredentialLookup.USERNAME_VARIABLE, USER, CredentialLookup.PASSWORD_VARIABLE, "not-it-456");
      assertThatThrownBy(() -> p.push("oci://" + registry.host() + "/charts", true)).isInstanceOf(RegistryException.class)
          .hasMessageContaining("token service " + tokens.realm() + " refused the credentials from environment variables").hasMessageNotContaining("not-it-456");
    }
  }

  @Test
  void serverErrorsAreRetriedUpToTheBound() throws Exception {
    try (FakeRegistry registry = FakeRegistry.http()) {
      registry.failNext.set(2);
      TestPush p = new TestPush(dir);
      assertThat(p.push("oci://" + registry.host() + "/charts", true).blobsUploaded()).isEqualTo(2);
      assertThat(p.log.lines).filteredOn(l -> l.startsWith("WARN") && l.contains("answered 503; retrying")).hasSize(2);

      registry.failNext.set(3);
      TestPush q = new TestPush(dir.resolve("q"));
      assertThatThrownBy(() -> q.push("oci://" + registry.host() + "/other", true)).isInstanceOf(RegistryException.class).hasMessageContaining("answered 503");
    }
  }

  @Test
  void aPrivateCaIsTrustedThroughCaFileOnly() throws Exception {
    TestTls tls = TestTls.create();
    try (FakeRegistry registry = FakeRegistry.https(tls)) {
      TestPush untrusted = new TestPush(dir);
      assertThatThrownBy(() -> untrusted.push("oci://" + registry.host() + "/charts", false)).isInstanceOf(RegistryException.class)
          .hasMessageContaining("TLS with " + registry.host() + " failed").hasMessageContaining("set caFile");
      TestPush trusted = new TestPush(dir);
      trusted.tls = new TlsOptions(tls.caFile(dir), false, false);
      assertThat(trusted.push("oci://" + registry.host() + "/charts", false).blobsUploaded()).isEqualTo(2);

      TestPush missing = new TestPush(dir);
      missing.tls = new TlsOptions(dir.resolve("nope.pem"), false, false);
      assertThatThrownBy(() -> missing.push("oci://" + registry.host() + "/charts", false)).hasMessageStartingWith("caFile: ");
    }
  }

  @Test
  void insecureSkipsVerificationForALoopbackRegistryWithAWarning() throws Exception {
    TestTls tls = TestTls.create();
    try (FakeRegistry registry = FakeRegistry.https(tls)) {
      TestPush p = new TestPush(dir);
      p.tls = new TlsOptions(null, true, false);
      assertThat(p.push("oci://" + registry.host() + "/charts", false).blobsUploaded()).isEqualTo(2);
      assertThat(p.log.lines).anyMatch(l -> l.startsWith("WARN *** TLS certificate verification is OFF for 127.0.0.1"));
    }
  }

  @Test
  void insecureIsRefusedForAHostThatIsNotLoopbackUnlessForced() throws Exception {
    TestPush p = new TestPush(dir);
    p.tls = new TlsOptions(null, true, false);
    assertThatThrownBy(() -> p.push("oci://registry.invalid/charts", false)).isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("insecure: skipping TLS verification is only allowed for a registry on this machine")
        .hasMessageContaining("forceInsecure");
  }

  @Test
  void insecureAppliesToTheRegistrysHostOnly() throws Exception {
    TestTls tls = TestTls.create();
    try (FakeRegistry registry = FakeRegistry.https(tls); FakeRegistry storage = FakeRegistry.https(tls)) {
      registry.uploadLocation = relative -> storage.localhostUrl() + relative;
      TestPush p = new TestPush(dir);
      p.tls = new TlsOptions(null, true, false);
      assertThatThrownBy(() -> p.push("oci://" + registry.host() + "/charts", false)).isInstanceOf(RegistryException.class)
          .hasMessageContaining("TLS with localhost:" + storage.port() + " failed");
      assertThat(storage.seen).isEmpty();
    }
  }
}
