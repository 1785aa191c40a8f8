package io.agentkit.it.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publishing options in real Maven builds of the sample project: a signed chart (passphrase from
 * an encrypted settings.xml server, or from the environment) pushed with its provenance and verified
 * by helm, registry credentials from a Docker credential helper, the digest and reference files, and
 * timestamped snapshot versions. No secret appears in the output, even with -X.
 */
class MavenPublishIT {

  static final String USER = "chart-pusher";
  static final String PASSWORD = "Helper-s3cret-Password";
  static final String PASSPHRASE = "Signing-Pass-Phrase-77";
  static final String VERSION = "2.3.0-SNAPSHOT";

  @TempDir Path dir;

  @Test
  void aSignedChartIsPushedWithHelperCredentialsAndNoSecretInTheOutput() throws Exception {
    MavenRunner maven = new MavenRunner(dir);
    Path project = maven.project("project");
    GpgKeys signer = GpgKeys.create(dir.resolve("gnupg"), "Release Signer <release@example.com>", "rsa3072", PASSPHRASE);
    Path key = signer.armoredSecretKey(dir.resolve("signing.asc"));
    Path keyring = signer.publicKeyring(dir.resolve("pubring.gpg"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path helper = bin.resolve("docker-credential-agentkit-test");
    Files.writeString(helper, "#!/bin/sh\nread host\necho '{\"ServerURL\":\"'$host'\",\"Username\":\"" + USER + "\",\"Secret\":\"" + PASSWORD + "\"}'\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path docker = Files.createDirectories(dir.resolve("docker"));
    Files.writeString(docker.resolve("config.json"), "{\"credsStore\":\"agentkit-test\"}");
    Map<String, String> env = Map.of("DOCKER_CONFIG", docker.toString(), "PATH", bin + ":" + System.getenv("PATH"), "HELM_KEY_PASSPHRASE", PASSPHRASE);

    try (Registry registry = htpasswdRegistry()) {
      Path settings = maven.settings("settings.xml", "");
      Proc.Result r = maven.run(env, project, settings, "-X", "package", "humanitec-agent:push-chart", "-Dhumanitec-agent.chartRepository=" + registry.reference("charts"),
          "-Dhumanitec-agent.plainHttp", "-Dhumanitec-agent.sign", "-Dhumanitec-agent.signingKey=" + key, "-Dhumanitec-agent.requireProvenance");
      assertThat(r.exit()).as(r.out()).isZero();
      assertThat(r.out()).contains("Signed humanitec-agent-" + VERSION + ".tgz with key " + signer.fingerprint())
          .contains("Registry credentials: credential helper docker-credential-agentkit-test")
          .contains("Pushed " + registry.host() + "/charts/humanitec-agent:" + VERSION + " with its provenance (signed)")
          .doesNotContain(PASSWORD).doesNotContain(PASSPHRASE).doesNotContain(base64(USER + ":" + PASSWORD));
      assertThat(r.err()).doesNotContain(PASSWORD).doesNotContain(PASSPHRASE);
      Path target = project.resolve("target");
      assertThat(target.resolve("humanitec-agent-" + VERSION + ".tgz.prov")).exists();
      String digest = Files.readString(target.resolve("humanitec-agent-" + VERSION + ".digest"));
      assertThat(digest).matches("sha256:[0-9a-f]{64}");
      assertThat(Files.readString(target.resolve("humanitec-agent-" + VERSION + ".reference")))
          .isEqualTo("oci://" + registry.host() + "/charts/humanitec-agent:" + VERSION + "@" + digest + "\n");

      Helm helm4 = Helm.of("helm4", Tools.helm4(), dir);
      helm4.ok("registry", "login", registry.host(), "--username", USER, "--password", PASSWORD, "--plain-http");
      String pulled = helm4.ok("pull", "oci://" + registry.host() + "/charts/humanitec-agent", "--version", VERSION, "--plain-http", "--verify",
          "--keyring", keyring.toString(), "--destination", Files.createDirectories(dir.resolve("pulled")).toString());
      assertThat(pulled).contains("Signed by: Release Signer <release@example.com>");
      assertThat(Helm.of("helm3", Tools.helm3(), dir).ok("verify", "--keyring", keyring.toString(),
          target.resolve("humanitec-agent-" + VERSION + ".tgz").toString())).contains("Chart Hash Verified");

      Path security = dir.resolve("settings-security.xml");
      String master = encrypted(maven, project, settings, "--encrypt-master-password", "master-of-keys");
      Files.writeString(security, "<settingsSecurity><master>" + master + "</master></settingsSecurity>\n");
      String encryptedPassphrase = encrypted(maven, project, settings, "--encrypt-password", PASSPHRASE, "-Dsettings.security=" + security);
      Path signingSettings = maven.settings("signing.xml", "  <servers><server><id>chart-signing</id><passphrase>" + encryptedPassphrase + "</passphrase></server></servers>");
      Proc.Result fromSettings = maven.run(Map.of(), project, signingSettings, "-X", "package", "-Dhumanitec-agent.sign", "-Dhumanitec-agent.signingKey=" + key,
          "-Dhumanitec-agent.signingServerId=chart-signing", "-Dsettings.security=" + security);
      assertThat(fromSettings.exit()).as(fromSettings.out()).isZero();
      assertThat(fromSettings.out()).contains("Signed humanitec-agent-" + VERSION + ".tgz").doesNotContain(PASSPHRASE);

      Proc.Result wrong = maven.run(Map.of("HELM_KEY_PASSPHRASE", "not-" + PASSPHRASE), project, settings, "package", "-Dhumanitec-agent.sign",
          "-Dhumanitec-agent.signingKey=" + key);
      assertThat(wrong.exit()).isNotZero();
      assertThat(wrong.out()).contains("signing: the passphrase from environment variable HELM_KEY_PASSPHRASE does not unlock the key").doesNotContain(PASSPHRASE);
    }
  }

  @Test
  void timestampedSnapshotsGetATagPerBuildTimestamp() throws Exception {
    MavenRunner maven = new MavenRunner(dir);
    Path project = maven.project("project");
    Path settings = maven.settings("settings.xml", "");
    try (Registry registry = Registry.anonymous(dir.resolve("registry"))) {
      for (String timestamp : List.of("2026-11-23T10:00:00Z", "2026-11-23T11:30:05Z", "2026-11-23T11:30:05Z")) {
        maven.ok(project, settings, "package", "humanitec-agent:push-chart", "-Dhumanitec-agent.chartRepository=" + registry.reference("charts"),
            "-Dhumanitec-agent.plainHttp", "-Dhumanitec-agent.snapshotVersions=timestamp", "-Dhumanitec-agent.outputTimestamp=" + timestamp);
      }
      HttpResponse<String> tags = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + registry.host() + "/v2/charts/humanitec-agent/tags/list"))
          .build(), HttpResponse.BodyHandlers.ofString());
      JsonNode list = new ObjectMapper().readTree(tags.body()).path("tags");
      assertThat(list).extracting(JsonNode::asText).containsExactlyInAnyOrder("2.3.0-20261123100000", "2.3.0-20261123113005");
      assertThat(project.resolve("target/humanitec-agent-2.3.0-20261123113005.digest")).exists();
    }
  }

  private Registry htpasswdRegistry() throws Exception {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    Path htpasswd = dir.resolve("htpasswd");
    Files.writeString(htpasswd, USER + ":" + OpenBSDBCrypt.generate("2a", PASSWORD.toCharArray(), salt, 5) + "\n", StandardCharsets.UTF_8);
    return Registry.htpasswd(dir.resolve("registry"), htpasswd);
  }

  private static String base64(String s) {
    return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String encrypted(MavenRunner maven, Path project, Path settings, String... args) throws Exception {
    Proc.Result r = maven.run(project, settings, args);
    Matcher m = Pattern.compile("\\{[^}\\s]+\\}").matcher(r.out());
    assertThat(m.find()).as("mvn " + args[0] + " printed an encrypted value: " + r.out()).isTrue();
    return m.group();
  }
}
