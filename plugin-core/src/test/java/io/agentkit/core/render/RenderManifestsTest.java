package io.agentkit.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.testing.TestKeys;
import io.agentkit.core.BuildLog;
import io.agentkit.core.RecordingLog;
import io.agentkit.core.Specs;
import io.agentkit.core.keys.AgentKeys;
import io.agentkit.core.keys.KeyLocations;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.validate.InvalidOutputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderManifestsTest {

  @TempDir Path dir;
  private String pem;

  @BeforeEach
  void key() throws Exception {
    pem = TestKeys.pkcs8Pem(TestKeys.rsa4096());
    Files.createDirectories(dir.resolve("keys/a1"));
    Files.writeString(dir.resolve("keys/a1/humanitec_agent_private_key.pem"), pem);
  }

  private RenderManifests op(Templates templates, ManifestLayout layout, BuildLog log) {
    return new RenderManifests(templates, new AgentKeys(new KeyLocations(dir.resolve("keys"))), new OutputLayout(dir.resolve("out")), layout, log);
  }

  @Test
  void sameInputGivesSameBytes() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "a1", "organizations", "o", "tolerations", "[{key: b, operator: Exists}, {key: a, operator: Exists}]",
        "podAnnotations", Specs.map("z", "1", "a", "2"));
    String first = op(Templates.bundled(), ManifestLayout.SINGLE_FILE, BuildLog.NONE).render(spec).get(0).content();
    String second = op(Templates.bundled(), ManifestLayout.SINGLE_FILE, BuildLog.NONE).render(spec).get(0).content();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void secretHoldsSingleLineBase64OfThePemFile() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "a1", "organizations", "o");
    OutputFile file = op(Templates.bundled(), ManifestLayout.SINGLE_FILE, BuildLog.NONE).render(spec).get(0);
    String b64 = Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    assertThat(file.content()).contains("  private_key: \"" + b64 + "\"\n");
    assertThat(file.secret()).isTrue();
  }

  @Test
  void existingSecretModeNeedsNoKeyAndEmbedsNone() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "no-key-here", "organizations", "o", "existingSecret", "vault-synced");
    List<OutputFile> files = op(Templates.bundled(), ManifestLayout.FILE_PER_OBJECT, BuildLog.NONE).render(spec);
    assertThat(files).extracting(f -> f.path().getFileName().toString()).containsExactly("01-namespace.yaml", "02-configmap.yaml", "04-deployment.yaml", "helm-values.yaml");
    assertThat(files).noneMatch(OutputFile::secret);
    assertThat(String.join("", files.stream().map(OutputFile::content).toList())).doesNotContain("private_key:").contains("name: vault-synced");
  }

  @Test
  void writesSecretFilesOwnerOnlyAndWarns() throws Exception {
    RecordingLog log = new RecordingLog();
    AgentSpec spec = Specs.spec("agentId", "a1", "organizations", "o");
    op(Templates.bundled(), ManifestLayout.SINGLE_FILE, log).run(spec);
    Path out = dir.resolve("out/a1/manifests.yaml");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    assertThat(log.text()).contains("WARN " + out + " holds the agent's private key (mode 0600)");
    for (String line : TestKeys.pemBodyLines(pem)) {
      assertThat(log.text()).doesNotContain(line);
    }
  }

  @Test
  void unknownFieldInAUserTemplateIsNamedWithFileObjectAndPath() throws Exception {
    Path templates = dir.resolve("templates");
    Files.createDirectories(templates);
    String deployment = new String(Templates.class.getResourceAsStream("/io/agentkit/templates/deployment.yaml.ftl").readAllBytes(), StandardCharsets.UTF_8);
    Files.writeString(templates.resolve("deployment.yaml.ftl"), deployment.replace("readOnly: true", "readOnly: true\n            readonly: true"));
    AgentSpec spec = Specs.spec("agentId", "a1", "organizations", "o");
    assertThatThrownBy(() -> op(Templates.withOverrides(templates), ManifestLayout.SINGLE_FILE, BuildLog.NONE).render(spec))
        .isInstanceOf(InvalidOutputException.class)
        .hasMessageContaining(dir.resolve("out/a1/manifests.yaml") + " (from " + templates.resolve("deployment.yaml.ftl") + ")")
        .hasMessageContaining("Deployment humanitec-agent, field spec.template.spec.containers[0].volumeMounts[0].readonly: unknown field \"readonly\"");
  }

  @Test
  void wrongTypeInAUserTemplateIsNamed() throws Exception {
    Path templates = dir.resolve("templates");
    Files.createDirectories(templates);
    Files.writeString(templates.resolve("configmap.yaml.ftl"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  ORGS: 42\n");
    AgentSpec spec = Specs.spec("agentId", "a1", "organizations", "o");
    assertThatThrownBy(() -> op(Templates.withOverrides(templates), ManifestLayout.SINGLE_FILE, BuildLog.NONE).render(spec))
        .hasMessageContaining("ConfigMap x, field data.ORGS: wrong type: expected a string");
  }

  @Test
  void templateFailureNamesTemplateAndLineAndNeverQuotesTheKey() throws Exception {
    Path templates = dir.resolve("templates");
    Files.createDirectories(templates);
    Files.writeString(templates.resolve("secret.yaml.ftl"), "apiVersion: v1\nkind: Secret\ndata:\n  x: ${privateKeyBase64?number}\n");
    AgentSpec spec = Specs.spec("agentId", "a1", "organizations", "o");
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> op(Templates.withOverrides(templates), ManifestLayout.SINGLE_FILE, BuildLog.NONE).render(spec));
    assertThat(t).isInstanceOf(TemplateException.class).hasMessageContaining(templates.resolve("secret.yaml.ftl") + " failed at line 4");
    String b64 = Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i + 20 <= b64.length(); i += 20) {
      assertThat(t.getMessage()).doesNotContain(b64.substring(i, i + 20));
    }
  }

  @Test
  void switchingLayoutsRemovesStaleFiles() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "a1", "organizations", "o");
    op(Templates.bundled(), ManifestLayout.FILE_PER_OBJECT, BuildLog.NONE).run(spec);
    assertThat(dir.resolve("out/a1/manifests/03-secret.yaml")).exists();
    op(Templates.bundled(), ManifestLayout.SINGLE_FILE, BuildLog.NONE).run(spec);
    assertThat(dir.resolve("out/a1/manifests/03-secret.yaml")).doesNotExist();
    AgentSpec gitops = Specs.spec("agentId", "a1", "organizations", "o", "existingSecret", "s");
    op(Templates.bundled(), ManifestLayout.FILE_PER_OBJECT, BuildLog.NONE).run(spec);
    op(Templates.bundled(), ManifestLayout.FILE_PER_OBJECT, BuildLog.NONE).run(gitops);
    assertThat(dir.resolve("out/a1/manifests/03-secret.yaml")).doesNotExist();
  }
}
