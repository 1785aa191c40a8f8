package io.agentkit.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.core.RecordingLog;
import io.agentkit.core.Specs;
import io.agentkit.core.keys.AgentKeys;
import io.agentkit.core.keys.KeyLocations;
import io.agentkit.core.secrets.SealedKey;
import io.agentkit.core.secrets.TestCertificates;
import io.agentkit.core.secrets.Unsealer;
import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.settings.Purpose;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.spec.SpecBuilder;
import io.agentkit.core.validate.InvalidOutputException;
import io.agentkit.core.validate.KubernetesValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** secretFormat sealed-secret and external-secret: manifests that are safe to commit, and their helm values. */
class SecretFormatsTest {

  static final KeyPair CONTROLLER = TestKeys.rsa("controller", 4096);
  static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path dir;
  private String pem;
  private Path cert;

  @BeforeEach
  void files() throws Exception {
    pem = TestKeys.pkcs8Pem(TestKeys.rsa4096());
    Files.createDirectories(dir.resolve("keys/a1"));
    Files.writeString(dir.resolve("keys/a1/humanitec_agent_private_key.pem"), pem);
    cert = TestCertificates.write(dir.resolve("sealed-secrets.pem"), CONTROLLER);
  }

  private List<OutputFile> render(AgentSpec spec, RecordingLog log) throws Exception {
    RenderManifests op = new RenderManifests(Templates.bundled(), new AgentKeys(new KeyLocations(dir.resolve("keys"))), new OutputLayout(dir.resolve("out")),
        ManifestLayout.SINGLE_FILE, log);
    List<OutputFile> files = op.render(spec);
    op.write(spec, files);
    return files;
  }

  private AgentSpec spec(Object... more) throws InvalidSpecException {
    List<Object> kv = new ArrayList<>(List.of("agentId", "a1", "organizations", "o", "namespace", "agents", "tunnelUrl", "wss://orchestrator.example.com:9443/tunnel"));
    kv.addAll(List.of(more));
    return new SpecBuilder(Specs.TEST_IMAGE).build(Specs.input(kv.toArray()), Purpose.KUBERNETES);
  }

  @Test
  void aSealedSecretUnsealsToTheKeyOnlyForItsOwnNamespaceAndNameAndIsNotPrivate() throws Exception {
    RecordingLog log = new RecordingLog();
    List<OutputFile> files = render(spec("secretFormat", "sealed-secret", "sealedSecretsCertificate", cert.toString()), log);
    OutputFile manifests = files.get(0);
    assertThat(manifests.secret()).isFalse();
    assertThat(manifests.content()).doesNotContain("kind: Secret\n").contains("kind: SealedSecret").doesNotContain(TestKeys.base64(pem));
    for (String line : TestKeys.pemBodyLines(pem)) {
      assertThat(manifests.content()).doesNotContain(line);
    }
    JsonNode sealed = doc(manifests.content(), "SealedSecret");
    assertThat(sealed.path("metadata").path("name").asText()).isEqualTo("humanitec-agent-secret-private-key");
    assertThat(sealed.path("metadata").path("namespace").asText()).isEqualTo("agents");
    assertThat(sealed.path("metadata").path("annotations").isMissingNode()).as("no scope annotation: strict").isTrue();
    assertThat(sealed.path("spec").path("template").path("metadata").path("name").asText()).isEqualTo("humanitec-agent-secret-private-key");
    String value = sealed.path("spec").path("encryptedData").path("private_key").asText();
    assertThat(Unsealer.unseal(CONTROLLER.getPrivate(), "agents/humanitec-agent-secret-private-key".getBytes(StandardCharsets.UTF_8), value))
        .isEqualTo(pem.getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> Unsealer.unseal(CONTROLLER.getPrivate(), "default/humanitec-agent-secret-private-key".getBytes(StandardCharsets.UTF_8), value))
        .isInstanceOf(java.security.GeneralSecurityException.class);

    assertThat(log.text()).doesNotContain("WARN").contains("safe to commit");
    assertThat(Files.getPosixFilePermissions(dir.resolve("out/a1/manifests.yaml")).toString()).contains("OTHERS_READ");
    JsonNode values = YAML.readTree(files.get(1).content());
    assertThat(values.path("humanitec").path("secretFormat").asText()).isEqualTo("sealed-secret");
    assertThat(values.path("humanitec").path("sealedSecret").path("encryptedKey").asText()).isEqualTo(value);
    assertThat(values.path("humanitec").path("sealedSecret").path("sealedFor").asText()).isEqualTo("agents/humanitec-agent-secret-private-key");
  }

  @Test
  void theSealedValueIsReusedUntilKeyCertificateOrScopeChange() throws Exception {
    AgentSpec spec = spec("secretFormat", "sealed-secret", "sealedSecretsCertificate", cert.toString());
    String first = render(spec, new RecordingLog()).get(0).content();
    assertThat(render(spec, new RecordingLog()).get(0).content()).as("a second build changes no committed byte").isEqualTo(first);
    assertThat(Files.readString(dir.resolve("keys/a1/" + SealedKey.FILE))).doesNotContain(pem.lines().skip(1).findFirst().orElseThrow());

    String moved = render(spec("namespace", "elsewhere", "secretFormat", "sealed-secret", "sealedSecretsCertificate", cert.toString()), new RecordingLog())
        .get(0).content();
    String value = doc(moved, "SealedSecret").path("spec").path("encryptedData").path("private_key").asText();
    assertThat(Unsealer.unseal(CONTROLLER.getPrivate(), "elsewhere/humanitec-agent-secret-private-key".getBytes(StandardCharsets.UTF_8), value))
        .isEqualTo(pem.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void anExternalSecretNamesStoreAndKeyAndNeedsNoKeyFile() throws Exception {
    Files.delete(dir.resolve("keys/a1/humanitec_agent_private_key.pem"));
    List<OutputFile> files = render(spec("secretFormat", "external-secret", "externalSecret.store", "vault-backend", "externalSecret.storeKind", "ClusterSecretStore",
        "externalSecret.remoteKey", "agents/a1", "externalSecret.property", "pem"), new RecordingLog());
    JsonNode es = doc(files.get(0).content(), "ExternalSecret");
    assertThat(files.get(0).secret()).isFalse();
    assertThat(es.path("apiVersion").asText()).isEqualTo("external-secrets.io/v1");
    assertThat(es.at("/spec/secretStoreRef/name").asText()).isEqualTo("vault-backend");
    assertThat(es.at("/spec/secretStoreRef/kind").asText()).isEqualTo("ClusterSecretStore");
    assertThat(es.at("/spec/target/name").asText()).isEqualTo("humanitec-agent-secret-private-key");
    assertThat(es.at("/spec/data/0/secretKey").asText()).isEqualTo("private_key");
    assertThat(es.at("/spec/data/0/remoteRef/key").asText()).isEqualTo("agents/a1");
    assertThat(es.at("/spec/data/0/remoteRef/property").asText()).isEqualTo("pem");
    assertThat(es.at("/spec/refreshInterval").asText()).isEqualTo("1h");
    JsonNode deployment = doc(files.get(0).content(), "Deployment");
    assertThat(deployment.at("/spec/template/spec/volumes/0/projected/sources/0/secret/name").asText()).isEqualTo("humanitec-agent-secret-private-key");
  }

  @Test
  void eachFormatGetsWhatItNeedsAndNoSettingOfAnother() {
    assertThatThrownBy(() -> spec("secretFormat", "sealed-secret")).hasMessageContaining("sealedSecretsCertificate: is required for secretFormat sealed-secret");
    assertThatThrownBy(() -> spec("secretFormat", "external-secret")).hasMessageContaining("externalSecret.store: is required")
        .hasMessageContaining("externalSecret.remoteKey: is required");
    assertThatThrownBy(() -> spec("externalSecret.store", "vault")).hasMessageContaining("only applies with secretFormat external-secret");
    assertThatThrownBy(() -> spec("sealedSecretsCertificate", cert.toString())).hasMessageContaining("only applies with secretFormat sealed-secret");
    assertThatThrownBy(() -> spec("secretFormat", "sealed-secret", "sealedSecretsCertificate", cert.toString(), "existingSecret", "mine"))
        .hasMessageContaining("while existingSecret names a Secret you manage yourself");
    assertThatThrownBy(() -> spec("secretFormat", "vault")).hasMessageContaining("'vault' is not allowed");
  }

  @Test
  void customResourcesAreValidatedStrictly() {
    String bad = "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: x\nspec:\n  secretStoreRef: {name: s, kind: Vault}\n"
        + "  target: {name: x}\n  data: [{secretKey: k, remoteRef: {key: a}}]\n";
    assertThatThrownBy(() -> KubernetesValidator.validate(bad, "f.yaml")).isInstanceOf(InvalidOutputException.class)
        .hasMessageContaining("f.yaml, ExternalSecret x, field spec.secretStoreRef.kind");
    String unknown = "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: x\n  lables: {}\nspec:\n  encryptedData: {k: QUJD}\n";
    assertThatThrownBy(() -> KubernetesValidator.validate(unknown, "f.yaml")).hasMessageContaining("field metadata.lables");
  }

  private static JsonNode doc(String multi, String kind) throws Exception {
    for (String d : multi.split("(?m)^---\n")) {
      if (!d.isBlank()) {
        JsonNode n = YAML.readTree(d);
        if (n.path("kind").asText().equals(kind)) {
          return n;
        }
      }
    }
    throw new AssertionError("no " + kind + " in\n" + multi);
  }
}
