package io.agentkit.core.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where credentials come from, in order: settings.xml, environment, Docker's config.json (its
 * credential helper, then its auths), Helm's registry config. Credential helpers are real programs
 * (shell scripts here) run with the registry on standard input; their output never reaches a message.
 */
class CredentialLookupTest {

  static final String REGISTRY = "registry.example:5000";
  static final String HELPER_SECRET = "helper-secret-value-789";

  @TempDir Path dir;

  private Path dockerConfig(String json) throws Exception {
    Path d = Files.createDirectories(dir.resolve("docker"));
    Files.writeString(d.resolve("config.json"), json);
    return d;
  }

  private static String auth(String user, String password) {
    return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A docker-credential-{@code name} script in its own PATH directory. */
  private Path helper(String name, String script) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin-" + name));
    Path file = bin.resolve("docker-credential-" + name);
    Files.writeString(file, "#!/bin/sh\n" + script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  /** The helper's directory first, then the system's (the scripts use cat). */
  private static String path(Path bin) {
    return bin + ":/usr/bin:/bin";
  }

  private Optional<Credentials> find(Credentials settings, Map<String, String> env) throws Exception {
    return new CredentialLookup().find(REGISTRY, settings, "settings.xml server 'x'", env, dir.resolve("home"));
  }

  @Test
  void settingsComeFirstThenTheEnvironmentThenDockerThenHelm() throws Exception {
    Path docker = dockerConfig("{\"auths\":{\"https://" + REGISTRY + "/v1/\":{\"auth\":\"" + auth("docker-user", "dp") + "\"}}}");
    Path helm = dir.resolve("helm.json");
    Files.writeString(helm, "{\"auths\":{\"" + REGISTRY + "\":{\"auth\":\"" + auth("helm-user", "hp") + "\"}}}");
    Map<String, String> env = new HashMap<>(Map.of("DOCKER_CONFIG", docker.toString(), "HELM_REGISTRY_CONFIG", helm.toString(),
        CredentialLookup.USERNAME_VARIABLE, "env-user", CredentialLookup.PASSWORD_VARIABLE, "ep"));
    Credentials settings = new Credentials("settings-user", "sp", "settings.xml server 'x'");
    assertThat(find(settings, env)).contains(settings);
    assertThat(find(null, env).orElseThrow().username()).isEqualTo("env-user");
    env.remove(CredentialLookup.USERNAME_VARIABLE);
    assertThat(find(null, env).orElseThrow()).extracting(Credentials::username, Credentials::password).containsExactly("docker-user", "dp");
    env.put("DOCKER_CONFIG", dir.resolve("nowhere").toString());
    assertThat(find(null, env).orElseThrow()).extracting(Credentials::username, Credentials::source).containsExactly("helm-user", helm + " (" + REGISTRY + ")");
  }

  @Test
  void aCredentialHelperNamedForTheRegistryIsRunWithTheHostOnStandardInput() throws Exception {
    Path bin = helper("test", "read host\nif [ \"$host\" = \"" + REGISTRY + "\" ]; then echo '{\"ServerURL\":\"'$host'\",\"Username\":\"helper-user\",\"Secret\":\"" + HELPER_SECRET
        + "\"}'; else echo \"credentials not found in native keychain\"; exit 1; fi\n");
    Path docker = dockerConfig("{\"credHelpers\":{\"" + REGISTRY + "\":\"test\"},\"auths\":{\"" + REGISTRY + "\":{\"auth\":\"" + auth("file-user", "fp") + "\"}}}");
    Credentials c = find(null, Map.of("DOCKER_CONFIG", docker.toString(), "PATH", path(bin))).orElseThrow();
    assertThat(c.username()).isEqualTo("helper-user");
    assertThat(c.password()).isEqualTo(HELPER_SECRET);
    assertThat(c.toString()).isEqualTo("credential helper docker-credential-test (named in " + docker.resolve("config.json") + ") (user 'helper-user')")
        .doesNotContain(HELPER_SECRET);
  }

  @Test
  void credsStoreIsTheHelperForEveryRegistryAndNotFoundFallsBackToAuths() throws Exception {
    Path bin = helper("store", "cat > /dev/null\necho 'credentials not found in native keychain'\nexit 1\n");
    Path docker = dockerConfig("{\"credsStore\":\"store\",\"auths\":{\"" + REGISTRY + "\":{\"auth\":\"" + auth("file-user", "fp") + "\"}}}");
    CredentialLookup lookup = new CredentialLookup();
    Credentials c = lookup.find(REGISTRY, null, "settings.xml server 'x'", Map.of("DOCKER_CONFIG", docker.toString(), "PATH", path(bin)), dir).orElseThrow();
    assertThat(c.username()).isEqualTo("file-user");
    assertThat(lookup.tried()).contains("credential helper docker-credential-store named in " + docker.resolve("config.json")
        + " (docker-credential-store has no credentials for " + REGISTRY + ")");
  }

  @Test
  void aHelperThatIsNotInstalledIsNotedAndSkipped() throws Exception {
    Path docker = dockerConfig("{\"credsStore\":\"desktop\"}");
    CredentialLookup lookup = new CredentialLookup();
    assertThat(lookup.find(REGISTRY, null, "s", Map.of("DOCKER_CONFIG", docker.toString(), "PATH", dir.toString()), dir)).isEmpty();
    assertThat(lookup.tried()).anyMatch(t -> t.contains("docker-credential-desktop is not on PATH"));
  }

  @Test
  void anErroringHelperFailsWithItsExitCodeButNotItsOutput() throws Exception {
    Path bin = helper("broken", "cat > /dev/null\necho 'keychain locked, partial secret " + HELPER_SECRET + "'\necho 'stderr " + HELPER_SECRET + "' >&2\nexit 3\n");
    Path docker = dockerConfig("{\"credHelpers\":{\"" + REGISTRY + "\":\"broken\"}}");
    assertThatThrownBy(() -> find(null, Map.of("DOCKER_CONFIG", docker.toString(), "PATH", path(bin))))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("the credential helper " + bin.resolve("docker-credential-broken") + " (named in " + docker.resolve("config.json") + ") exited with 3")
        .hasMessageContaining("echo <registry host> | docker-credential-broken get")
        .hasMessageNotContaining(HELPER_SECRET);
  }

  @Test
  void aHelperPrintingNoCredentialsFailsWithoutShowingWhatItPrinted() throws Exception {
    Path bin = helper("odd", "cat > /dev/null\necho '{\"Secret\":\"" + HELPER_SECRET + "\"}'\n");
    Path docker = dockerConfig("{\"credHelpers\":{\"" + REGISTRY + "\":\"odd\"}}");
    assertThatThrownBy(() -> find(null, Map.of("DOCKER_CONFIG", docker.toString(), "PATH", path(bin))))
        .hasMessageContaining("printed JSON without Username and Secret").hasMessageNotContaining(HELPER_SECRET);
  }

  @Test
  void aHelperNameThatIsAPathIsRefused() throws Exception {
    Path docker = dockerConfig("{\"credsStore\":\"../../bin/sh\"}");
    assertThatThrownBy(() -> find(null, Map.of("DOCKER_CONFIG", docker.toString(), "PATH", "/usr/bin")))
        .hasMessageContaining("names the credential helper '../../bin/sh', which is not a program name");
  }

  @Test
  void helperCredentialsAreUsedOnlyWhenTheRegistryAsksAndNeverLogged() throws Exception {
    Path bin = helper("test", "cat > /dev/null\necho '{\"Username\":\"pusher\",\"Secret\":\"" + HELPER_SECRET + "\"}'\n");
    try (FakeRegistry anonymous = FakeRegistry.http(); FakeRegistry protectedRegistry = FakeRegistry.http().basic("pusher", HELPER_SECRET)) {
      Path marker = dir.resolve("ran");
      Path counting = helper("counting", "cat > /dev/null\ntouch " + marker + "\necho '{\"Username\":\"pusher\",\"Secret\":\"" + HELPER_SECRET + "\"}'\n");
      TestPush a = new TestPush(dir.resolve("a"));
      a.env = Map.of("DOCKER_CONFIG", dockerConfig("{\"credsStore\":\"counting\"}").toString(), "PATH", path(counting));
      a.push("oci://" + anonymous.host() + "/charts", true);
      assertThat(marker).as("an anonymous registry never runs the helper").doesNotExist();

      TestPush b = new TestPush(dir.resolve("b"));
      b.env = Map.of("DOCKER_CONFIG", dockerConfig("{\"credsStore\":\"test\"}").toString(), "PATH", path(bin));
      assertThat(b.push("oci://" + protectedRegistry.host() + "/charts", true).blobsUploaded()).isEqualTo(2);
      assertThat(b.log.text()).contains("Registry credentials: credential helper docker-credential-test").doesNotContain(HELPER_SECRET);
    }
  }
}
