package io.agentkit.it.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.core.secrets.TestCertificates;
import io.agentkit.core.secrets.Unsealer;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's SealedSecret against an independent implementation of the sealed-secrets format,
 * {@code @socialgouv/aes-gcm-rsa-oaep} on Node's WebCrypto: it unseals what render-manifests sealed
 * (and refuses it for another namespace), and what it seals unseals the way the plugin's tests
 * unseal. Both directions agree, so the format is the controller's, not just our own. Provisioned by
 * {@code .ci/test-tools.sh} (which the README's test command runs first); never skipped.
 */
class SealedSecretOracleIT {

  static final KeyPair CONTROLLER = TestKeys.rsa("controller", 4096);
  static final String SCOPE = "agents/humanitec-agent-secret-private-key";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theIndependentImplementationUnsealsWhatRenderManifestsSealed() throws Exception {
    Path cert = TestCertificates.write(dir.resolve("sealed-secrets.pem"), CONTROLLER);
    ChartFixture fixture = ChartFixture.of(dir.resolve("fixture"), Map.of("organizations", List.of("example-org"), "namespace", "agents",
        "secretFormat", "sealed-secret", "sealedSecretsCertificate", cert.toString()));
    String sealed = sealedValue(fixture.renderManifests());

    Oracle unsealed = oracle(Map.of("op", "unseal", "privateKey", TestKeys.pkcs8Pem(CONTROLLER), "label", SCOPE, "sealed", sealed));
    assertThat(unsealed.exit()).as(unsealed.err()).isZero();
    assertThat(unsealed.out()).isEqualTo(fixture.privateKeyPem());

    Oracle elsewhere = oracle(Map.of("op", "unseal", "privateKey", TestKeys.pkcs8Pem(CONTROLLER), "label", "default/humanitec-agent-secret-private-key",
        "sealed", sealed));
    assertThat(elsewhere.exit()).as("strict scope: another namespace cannot unseal it").isNotZero();
  }

  @Test
  void whatTheIndependentImplementationSealsOpensWithThePluginsFormat() throws Exception {
    String certificate = TestCertificates.selfSigned(CONTROLLER, java.time.Duration.ofDays(3650));
    String value = TestKeys.pkcs8Pem(TestKeys.rsa4096());
    Oracle sealed = oracle(Map.of("op", "seal", "certificate", certificate, "namespace", "agents", "name", "humanitec-agent-secret-private-key", "value", value));
    assertThat(sealed.exit()).as(sealed.err()).isZero();
    byte[] opened = Unsealer.unseal(CONTROLLER.getPrivate(), SCOPE.getBytes(StandardCharsets.UTF_8), sealed.out().strip());
    assertThat(new String(opened, StandardCharsets.US_ASCII)).isEqualTo(value);

    byte[] theirs = Base64.getDecoder().decode(sealed.out().strip());
    Path cert = TestCertificates.write(dir.resolve("c.pem"), CONTROLLER);
    ChartFixture fixture = ChartFixture.of(dir.resolve("fixture"), Map.of("organizations", List.of("example-org"), "namespace", "agents",
        "secretFormat", "sealed-secret", "sealedSecretsCertificate", cert.toString()), TestKeys.rsa4096());
    byte[] ours = Base64.getDecoder().decode(sealedValue(fixture.renderManifests()));
    assertThat(ours.length).as("same layout for the same value: length, RSA block, AES-GCM with tag").isEqualTo(theirs.length);
    assertThat(new byte[] {ours[0], ours[1]}).isEqualTo(new byte[] {theirs[0], theirs[1]});
  }

  private static String sealedValue(String manifests) throws Exception {
    for (JsonNode doc : Manifests.parse(manifests)) {
      if (doc.path("kind").asText().equals("SealedSecret")) {
        return doc.path("spec").path("encryptedData").path("private_key").asText();
      }
    }
    throw new AssertionError("no SealedSecret in\n" + manifests);
  }

  record Oracle(int exit, String out, String err) {}

  /** Runs oracle.cjs with the request on stdin: keys never appear on a command line. */
  private Oracle oracle(Map<String, String> request) throws Exception {
    Path script = dir.resolve("oracle.cjs");
    if (!Files.exists(script)) {
      try (var in = SealedSecretOracleIT.class.getResourceAsStream("/sealing/oracle.cjs")) {
        Files.copy(in, script);
      }
    }
    Path out = dir.resolve("oracle.out");
    Path err = dir.resolve("oracle.err");
    ProcessBuilder pb = new ProcessBuilder(node(), script.toString()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("NODE_PATH", oracleModules().toString());
    Process p = pb.start();
    try (OutputStream stdin = p.getOutputStream()) {
      stdin.write(JSON.writeValueAsBytes(request));
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("node did not finish within 60 s");
    }
    return new Oracle(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static Path oracleModules() {
    Path modules = Tools.repoRoot().resolve(".ci/cache/sealing-oracle/node_modules");
    if (!Files.isRegularFile(modules.resolve("@socialgouv/aes-gcm-rsa-oaep/package.json"))) {
      fail("the independent sealed-secrets implementation is not installed at " + modules + "; run: bash .ci/test-tools.sh");
    }
    return modules.toAbsolutePath();
  }

  private static String node() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path node = Path.of(dir, "node");
      if (Files.isExecutable(node)) {
        return node.toString();
      }
    }
    fail("node (Node.js) is not on PATH; run: bash .ci/test-tools.sh (it installs nodejs with apt-get)");
    return null;
  }
}
