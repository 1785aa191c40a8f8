package io.agentkit.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mojos bind their parameters and drive the core, run inside the plugin testing harness. */
@MojoTest
class MojoBindingTest {

  private static final String POM = "src/test/resources/projects/basic/pom.xml";

  @AfterEach
  void cleanUp() throws Exception {
    Path base = Path.of(MojoExtension.getBasedir());
    deleteTree(base.resolve("target/mojo-test"));
  }

  @Test
  @InjectMojo(goal = "generate-keys", pom = POM)
  @MojoParameter(name = "keysDirectory", value = "target/mojo-test/keys")
  @MojoParameter(name = "outputDirectory", value = "target/mojo-test/out")
  void generateKeysBindsListsAndWritesKeysAndRequests(GenerateKeysMojo mojo) throws Exception {
    mojo.execute();
    Path base = Path.of(MojoExtension.getBasedir());
    assertThat(base.resolve("target/mojo-test/keys/unit-agent/humanitec_agent_private_key.pem")).exists();
    assertThat(base.resolve("target/mojo-test/keys/.gitignore")).exists();
    assertThat(base.resolve("target/mojo-test/out/unit-agent/agent-api/register-agent.json")).exists();
  }

  @Test
  @InjectMojo(goal = "render-definition", pom = POM)
  @MojoParameter(name = "outputDirectory", value = "target/mojo-test/out")
  void criteriaBindFromPojos(RenderDefinitionMojo mojo) throws Exception {
    mojo.execute();
    String yaml = Files.readString(Path.of(MojoExtension.getBasedir(), "target/mojo-test/out/unit-agent/resource-definition-agent.yaml"));
    assertThat(yaml).contains("  - env_type: \"production\"\n    class: \"eu\"\n");
  }

  @Test
  @InjectMojo(goal = "render-manifests", pom = POM)
  @MojoParameter(name = "outputDirectory", value = "target/mojo-test/out")
  @MojoParameter(name = "existingSecret", value = "managed-elsewhere")
  @MojoParameter(name = "manifestLayout", value = "file-per-object")
  void renderManifestsBindsLayoutAndPropertiesMaps(RenderManifestsMojo mojo) throws Exception {
    mojo.execute();
    Path dir = Path.of(MojoExtension.getBasedir(), "target/mojo-test/out/unit-agent/manifests");
    assertThat(dir.resolve("02-configmap.yaml")).content().contains("ORGS: \"org-a,org-b\"");
    assertThat(dir.resolve("04-deployment.yaml")).content().contains("kubernetes.io/os: \"linux\"").contains("name: managed-elsewhere");
    assertThat(dir.resolve("03-secret.yaml")).doesNotExist();
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
  @MojoParameter(name = "keysDirectory", value = "target/mojo-test/no-keys")
  @MojoParameter(name = "outputDirectory", value = "target/mojo-test/out")
  void missingKeyTellsHowToGetOne(RenderAciMojo mojo) {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("humanitec_agent_private_key.pem does not exist: agent unit-agent has no private key")
        .hasMessageContaining("humanitec-agent:generate-keys");
  }

  @Test
  @InjectMojo(goal = "render-manifests", pom = POM)
  @MojoParameter(name = "outputDirectory", value = "target/mojo-test/out")
  @MojoParameter(name = "skip", value = "true")
  void skipWritesNothing(RenderManifestsMojo mojo) throws Exception {
    mojo.execute();
    assertThat(new File(MojoExtension.getBasedir(), "target/mojo-test/out")).doesNotExist();
  }

  private static void deleteTree(Path p) throws Exception {
    if (Files.exists(p)) {
      try (var s = Files.walk(p)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
