package io.agentkit.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mojos bind their parameters and drive the core, run inside the plugin testing harness. */
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
    mojo.execute();
    assertThat(tmp.resolve("keys/unit-agent/humanitec_agent_private_key.pem")).exists();
    assertThat(tmp.resolve("keys/.gitignore")).exists();
    assertThat(tmp.resolve("out/unit-agent/agent-api/register-agent.json")).exists();
  }

  @Test
  @InjectMojo(goal = "render-definition", pom = POM)
  void criteriaBindFromPojos(RenderDefinitionMojo mojo) throws Exception {
    directory(mojo, "outputDirectory", "out");
    mojo.execute();
    String yaml = Files.readString(tmp.resolve("out/unit-agent/resource-definition-agent.yaml"));
    assertThat(yaml).contains("  - env_type: \"production\"\n    class: \"eu\"\n");
  }

  @Test
  @InjectMojo(goal = "render-manifests", pom = POM)
  @MojoParameter(name = "existingSecret", value = "managed-elsewhere")
  @MojoParameter(name = "manifestLayout", value = "file-per-object")
  void renderManifestsBindsLayoutAndPropertiesMaps(RenderManifestsMojo mojo) throws Exception {
    directory(mojo, "outputDirectory", "out");
    mojo.execute();
    Path dir = tmp.resolve("out/unit-agent/manifests");
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
    mojo.execute();
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  private void directory(Object mojo, String parameter, String name) throws IllegalAccessException {
    MojoExtension.setVariableValueToObject(mojo, parameter, tmp.resolve(name).toFile());
  }
}
