package io.agentkit.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.core.BuildLog;
import io.agentkit.core.Specs;
import io.agentkit.core.keys.AgentKeys;
import io.agentkit.core.keys.KeyLocations;
import io.agentkit.core.settings.AgentImages;
import io.agentkit.core.settings.Purpose;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.spec.SpecBuilder;
import io.agentkit.core.validate.StrictModel;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With default settings, our output is the installation guide's YAML, object by object and field by
 * field. The guide's YAML is in src/test/resources/guide; only its placeholders are filled in.
 */
class GuideGoldenTest {

  /** The guide's own image string: Humanitec's agent. */
  private static final String GUIDE_IMAGE = AgentImages.HUMANITEC;
  private static final List<Class<?>> KINDS = List.of(Namespace.class, ConfigMap.class, Secret.class, Deployment.class);

  @TempDir Path dir;
  private String pem;
  private AgentKeys keys;

  @BeforeEach
  void writeKey() throws IOException {
    pem = TestKeys.pkcs8Pem(TestKeys.rsa4096());
    Path keyDir = dir.resolve("keys/my-agent");
    Files.createDirectories(keyDir);
    Files.writeString(keyDir.resolve("humanitec_agent_private_key.pem"), pem);
    keys = new AgentKeys(new KeyLocations(dir.resolve("keys")));
  }

  @Test
  void manifestsAreTheGuides() throws Exception {
    assertGuides(Specs.spec("agentId", "my-agent", "organizations", List.of("my-org"), "image", GUIDE_IMAGE));
  }

  /** Settings only agent-kit's agent reads are left out for Humanitec's image: the objects stay the guide's. */
  @Test
  void agentKitOnlySettingsLeaveHumanitecsObjectsAsTheGuides() throws Exception {
    AgentSpec spec = new SpecBuilder(Specs.TEST_IMAGE).build(Specs.input("agentId", "my-agent", "organizations", List.of("my-org"),
        "image", GUIDE_IMAGE, "allowedTargets", "10.0.0.0/8:5432"), Purpose.KUBERNETES);
    assertThat(spec.notes()).singleElement().asString().contains("allowedTargets is left out");
    assertGuides(spec);
  }

  private void assertGuides(AgentSpec spec) throws Exception {
    OutputFile file = new RenderManifests(Templates.bundled(), keys, new OutputLayout(dir.resolve("out")), ManifestLayout.SINGLE_FILE, BuildLog.NONE)
        .render(spec).get(0);

    List<JsonNode> ours = documents(file.content());
    List<JsonNode> guide = documents(guide("manifests.yaml"));
    assertThat(ours).hasSize(4).hasSameSizeAs(guide);
    for (int i = 0; i < guide.size(); i++) {
      JsonNode expected = normalized(guide.get(i), KINDS.get(i));
      JsonNode actual = normalized(ours.get(i), KINDS.get(i));
      assertThat(actual).as("object %d (%s)", i, guide.get(i).path("kind").asText()).isEqualTo(expected);
    }
  }

  @Test
  void aciIsTheGuides() throws Exception {
    AgentSpec spec = Specs.aciSpec("agentId", "my-agent", "organizations", List.of("my-org"), "image", GUIDE_IMAGE, "aci.location", "my-location");
    OutputFile file = new RenderAci(Templates.bundled(), keys, new OutputLayout(dir.resolve("out")), BuildLog.NONE).render(spec).get(0);
    assertThat(StrictModel.readYaml(file.content())).isEqualTo(StrictModel.readYaml(guide("aci.yaml")));
  }

  @Test
  void definitionIsTheGuides() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "my-agent", "organizations", List.of("my-org"));
    OutputFile file = new RenderDefinition(Templates.bundled(), new OutputLayout(dir.resolve("out")), BuildLog.NONE).render(spec).get(0);
    assertThat(StrictModel.readYaml(file.content())).isEqualTo(StrictModel.readYaml(guide("definition.yaml")));
  }

  /** Through the Fabric8 model and back, so that both sides are compared as Kubernetes would see them. */
  private static JsonNode normalized(JsonNode doc, Class<?> kind) throws Exception {
    JsonNode tree = StrictModel.mapper().valueToTree(StrictModel.convert(doc, kind, ""));
    if (tree.has("data") && kind == Secret.class) {
      // The guide writes the base64 as a literal block, which adds a newline the API server ignores.
      ObjectNode data = (ObjectNode) tree.get("data");
      data.fieldNames().forEachRemaining(f -> data.put(f, data.get(f).asText().strip()));
    }
    return tree;
  }

  private static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var it = StrictModel.mapper().readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode n = (JsonNode) it.next();
        if (n != null && !n.isNull() && !n.isMissingNode()) {
          docs.add(n);
        }
      }
    }
    return docs;
  }

  private String guide(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/guide/" + name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.replace("@PRIVATE_KEY_BASE64@", Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)));
    }
  }
}
