package io.agentkit.it.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.core.chart.PackageChart;
import io.agentkit.core.oci.Connection;
import io.agentkit.core.oci.CredentialLookup;
import io.agentkit.core.oci.Credentials;
import io.agentkit.core.oci.PushChart;
import io.agentkit.core.oci.RegistryException;
import io.agentkit.core.oci.TlsOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registries that want credentials: htpasswd Basic auth and the Bearer token flow, with every credential source. */
class RegistryAuthIT {

  static final String USER = "chart-pusher";
  static final String PASSWORD = "s3cret-Passw0rd";

  @TempDir Path dir;
  private PackageChart.Result chart;

  @BeforeEach
  void packageChart() throws Exception {
    chart = ChartFixture.of(dir.resolve("build"), Map.of("organizations", List.of("example-org"))).packageChart("1.0.0");
  }

  private Registry htpasswdRegistry() throws Exception {
    Path htpasswd = dir.resolve("htpasswd");
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    Files.writeString(htpasswd, USER + ":" + OpenBSDBCrypt.generate("2a", PASSWORD.toCharArray(), salt, 5) + "\n");
    return Registry.htpasswd(dir.resolve("registry"), htpasswd);
  }

  @Test
  void basicAuthWithSettingsCredentialsPushes() throws Exception {
    try (Registry registry = htpasswdRegistry()) {
      Pushes pushes = new Pushes();
      PushChart.Result r = pushes.push(chart.archive(), registry.reference("charts"), true,
          new Credentials(USER, PASSWORD, "settings.xml server '" + registry.host() + "'"), Map.of(), dir);
      assertThat(r.blobsUploaded()).isEqualTo(2);
      assertThat(pushes.log).anyMatch(l -> l.contains("Registry credentials: settings.xml server '" + registry.host() + "' (user '" + USER + "')"));
      assertThat(String.join("\n", pushes.log)).doesNotContain(PASSWORD);
    }
  }

  @Test
  void aWrongPasswordSaysWhichCredentialsWereRefusedWithoutShowingThem() throws Exception {
    try (Registry registry = htpasswdRegistry()) {
      assertThatThrownBy(() -> new Pushes().push(chart.archive(), registry.reference("charts"), true,
          new Credentials(USER, "wrong-password", "settings.xml server 'my-registry'"), Map.of(), dir))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("serverId: registry " + registry.host() + " refused the credentials from settings.xml server 'my-registry' (user '" + USER + "') with 401")
          .hasMessageNotContaining("wrong-password");
    }
  }

  @Test
  void withoutCredentialsTheErrorListsEverySourceLookedAt() throws Exception {
    Files.createDirectories(dir.resolve("docker"));
    Files.writeString(dir.resolve("docker/config.json"), "{\"auths\":{},\"credsStore\":\"desktop\"}");
    try (Registry registry = htpasswdRegistry()) {
      assertThatThrownBy(() -> new Pushes().push(chart.archive(), registry.reference("charts"), true, null, Map.of("DOCKER_CONFIG", dir.resolve("docker").toString()), dir))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("requires authentication, and no credentials were found")
          .hasMessageContaining("settings.xml server '" + registry.host() + "'")
          .hasMessageContaining(CredentialLookup.USERNAME_VARIABLE)
          .hasMessageContaining("credential helper docker-credential-desktop named in " + dir.resolve("docker/config.json")
              + " (docker-credential-desktop is not on PATH)")
          .hasMessageContaining(dir.resolve(".config/helm/registry/config.json").toString());
    }
  }

  @Test
  void credentialsFromEnvironmentVariables() throws Exception {
    try (Registry registry = htpasswdRegistry()) {
      Pushes pushes = new Pushes();
      pushes.push(chart.archive(), registry.reference("charts"), true, null,
          Map.of(CredentialLookup.USERNAME_VARIABLE, USER, CredentialLookup.PASSWORD_VARIABLE, PASSWORD), dir);
      assertThat(pushes.log).anyMatch(l -> l.contains("Registry credentials: environment variables " + CredentialLookup.USERNAME_VARIABLE));
    }
  }

  @Test
  void credentialsFromDockerAndHelmConfigJson() throws Exception {
    try (Registry registry = htpasswdRegistry()) {
      String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      Path docker = Files.createDirectories(dir.resolve("docker"));
      Files.writeString(docker.resolve("config.json"), "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
      Pushes viaDocker = new Pushes();
      viaDocker.push(chart.archive(), registry.reference("charts"), true, null, Map.of("DOCKER_CONFIG", docker.toString()), dir);
      assertThat(viaDocker.log).anyMatch(l -> l.contains("Registry credentials: " + docker.resolve("config.json")));

      Path helmConfig = dir.resolve("helm-registry.json");
      Files.writeString(helmConfig, "{\"auths\":{\"http://" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
      Pushes viaHelm = new Pushes();
      viaHelm.push(chart.archive(), registry.reference("charts"), true, null,
          Map.of("DOCKER_CONFIG", dir.resolve("none").toString(), "HELM_REGISTRY_CONFIG", helmConfig.toString()), dir);
      assertThat(viaHelm.log).anyMatch(l -> l.contains("Registry credentials: " + helmConfig));
    }
  }

  @Test
  void bearerTokenFlowAgainstATokenRealm() throws Exception {
    try (TokenServer tokens = TokenServer.start(dir, USER, PASSWORD);
        Registry registry = Registry.token(dir.resolve("registry"), tokens.realm(), TokenServer.SERVICE, TokenServer.ISSUER, tokens.certificate())) {
      Pushes pushes = new Pushes();
      PushChart.Result r = pushes.push(chart.archive(), registry.reference("charts"), true, new Credentials(USER, PASSWORD, "settings.xml server 'registry'"),
          Map.of(), dir);
      assertThat(r.blobsUploaded()).isEqualTo(2);
      assertThat(tokens.tokensIssued.get()).isPositive();

      PushChart.Result again = new Pushes().push(chart.archive(), registry.reference("charts"), true,
          new Credentials(USER, PASSWORD, "settings.xml server 'registry'"), Map.of(), dir);
      assertThat(again.blobsUploaded()).isZero();

      assertThatThrownBy(() -> new Pushes().push(chart.archive(), registry.reference("charts"), true,
          new Credentials(USER, "nope", "settings.xml server 'registry'"), Map.of(), dir))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("token service " + tokens.realm() + " refused the credentials from settings.xml server 'registry' (user '" + USER + "')");
    }
  }

  /** A real registry whose token service is on another host: it receives nothing unless the user trusts that host. */
  @Test
  void aTokenRealmOnAnotherHostReceivesNothingUnlessTrusted() throws Exception {
    try (TokenServer tokens = TokenServer.start(dir, USER, PASSWORD);
        Registry registry = Registry.token(dir.resolve("registry"), tokens.realmOnOtherHost(), TokenServer.SERVICE, TokenServer.ISSUER, tokens.certificate())) {
      Credentials credentials = new Credentials(USER, PASSWORD, "settings.xml server 'registry'");
      Pushes refused = new Pushes();
      assertThatThrownBy(() -> refused.push(chart.archive(), registry.reference("charts"), Connection.of(true), credentials, Map.of(), dir, null, null))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("trustedAuthRealms: registry " + registry.host() + " asks for a token from http://localhost:")
          .hasMessageContaining("it is on another host (localhost)").hasMessageNotContaining(PASSWORD);
      assertThat(tokens.requests.get()).as("requests the other host's token service received").isZero();
      assertThat(String.join("\n", refused.log)).doesNotContain(PASSWORD);

      Connection trusting = new Connection(true, null, Pushes.QUICK, TlsOptions.DEFAULT, List.of("localhost"));
      PushChart.Result r = new Pushes().push(chart.archive(), registry.reference("charts"), trusting, credentials, Map.of(), dir, null, null);
      assertThat(r.blobsUploaded()).isEqualTo(2);
      assertThat(tokens.tokensIssued.get()).isPositive();
    }
  }
}
