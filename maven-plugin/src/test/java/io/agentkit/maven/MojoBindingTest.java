package io.agentkit.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The mojos bind their parameters from a POM, run inside the plugin testing harness, and drive the
 * core: each test asserts the values that were bound, not only that files appeared.
 * Every setting of the table at once: {@link EverySettingBindingTest}.
 */
@MojoTest
class MojoBindingTest {

  private static final String POM = "src/test/resources/projects/basic/pom.xml";

  /** Each test's own keys and output directories, set on the mojo after injection. */
  @TempDir Path tmp;

  @Test
  @InjectMojo(goal = "generate-keys", pom = POM)
  void generateKeysBindsListsAndWritesKeysAndRequests(GenerateKeysMojo mojo) throws Exception {
    directory(mojo, "keysDirectory", "keys");
    directory(mojo, "outputDirectory", "out");
    RecordingMavenLog log = new RecordingMavenLog();
    mojo.setLog(log);
    mojo.execute();
    assertThat(tmp.resolve("keys/unit-agent/humanitec_agent_private_key.pem")).content().startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(tmp.resolve("keys/.gitignore")).content().contains("*");
    Map<?, ?> register = new Yaml().load(Files.readString(tmp.resolve("out/unit-agent/agent-api/register-agent.json")));
    assertThat(register.get("id")).isEqualTo("unit-agent");
    assertThat(register.get("description")).isEqualTo("Humanitec Agent unit-agent");
    // Both organizations of the POM's list reached the core: the next steps register the key in each.
    assertThat(log.text()).contains("/orgs/org-a/agents").contains("/orgs/org-b/agents");
  }

  @Test
  @InjectMojo(goal = "render-definition", pom = POM)
  void criteriaBindFromPojos(RenderDefinitionMojo mojo) throws Exception {
    directory(mojo, "outputDirectory", "out");
    mojo.execute();
    Map<String, Object> definition = new Yaml().load(Files.readString(tmp.resolve("out/unit-agent/resource-definition-agent.yaml")));
    Map<?, ?> entity = (Map<?, ?>) definition.get("entity");
    assertThat(entity.get("criteria")).isEqualTo(List.of(Map.of("env_type", "production", "class", "eu")));
    assertThat(((Map<?, ?>) ((Map<?, ?>) entity.get("driver_inputs")).get("values")).get("id")).isEqualTo("unit-agent");
  }

  @Test
  @InjectMojo(goal = "render-manifests", pom = POM)
  @MojoParameter(name = "existingSecret", value = "managed-elsewhere")
  @MojoParameter(name = "manifestLayout", value = "file-per-object")
  void renderManifestsBindsLayoutAndPropertiesMaps(RenderManifestsMojo mojo) throws Exception {
    directory(mojo, "outputDirectory", "out");
    mojo.execute();
    Path dir = tmp.resolve("out/unit-agent/manifests");
    Map<?, ?> configMap = new Yaml().load(Files.readString(dir.resolve("02-configmap.yaml")));
    assertThat(configMap.get("data")).isEqualTo(Map.of("ORGS", "org-a,org-b"));
    Map<?, ?> podSpec = podSpec(new Yaml().load(Files.readString(dir.resolve("04-deployment.yaml"))));
    assertThat(podSpec.get("nodeSelector")).isEqualTo(Map.of("kubernetes.io/os", "linux"));
    List<?> volumes = (List<?>) podSpec.get("volumes");
    assertThat(volumes.toString()).contains("name=managed-elsewhere");
    assertThat(dir.resolve("03-secret.yaml")).doesNotExist();
    assertThat(dir).isDirectoryContaining("glob:**/01-namespace.yaml");
  }

  @Test
  @InjectMojo(goal = "render-manifests", pom = POM)
  @MojoParameter(name = "manifestLayout", value = "one-big-file")
  void badLayoutNamesTheParameter(RenderManifestsMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("<manifestLayout> (-Dhumanitec-agent.manifestLayout)").hasMessageContaining("single-file or file-per-object");
  }

  @Test
  @InjectMojo(goal = "render-aci", pom = POM)
  void missingKeyTellsHowToGetOne(RenderAciMojo mojo) throws Exception {
    directory(mojo, "keysDirectory", "no-keys");
    directory(mojo, "outputDirectory", "out");
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("humanitec_agent_private_key.pem does not exist: agent unit-agent has no private key")
        .hasMessageContaining("humanitec-agent:generate-keys");
  }

  @Test
  @InjectMojo(goal = "render-manifests", pom = POM)
  @MojoParameter(name = "skip", value = "true")
  void skipWritesNothing(RenderManifestsMojo mojo) throws Exception {
    directory(mojo, "outputDirectory", "out");
    RecordingMavenLog log = new RecordingMavenLog();
    mojo.setLog(log);
    mojo.execute();
    assertThat(tmp.resolve("out")).doesNotExist();
    assertThat(log.text()).isEqualTo("[info] Skipping humanitec-agent:render-manifests (humanitec-agent.skip)\n");
  }

  private void directory(Object mojo, String parameter, String name) throws IllegalAccessException {
    MojoExtension.setVariableValueToObject(mojo, parameter, tmp.resolve(name).toFile());
  }

  private static Map<?, ?> podSpec(Map<?, ?> deployment) {
    return (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) deployment.get("spec")).get("template")).get("spec");
  }

  /** Keeps what the mojo logs, for assertions. */
  static final class RecordingMavenLog extends SystemStreamLog {
    private final StringBuilder text = new StringBuilder();

    @Override
    public void info(CharSequence content) {
      text.append("[info] ").append(content).append('\n');
    }

    @Override
    public void warn(CharSequence content) {
      text.append("[warn] ").append(content).append('\n');
    }

    String text() {
      return text.toString();
    }
  }
}
