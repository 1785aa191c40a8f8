package io.agentkit.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.contract.keys.Pem;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.core.BuildLog;
import io.agentkit.core.RecordingLog;
import io.agentkit.core.Specs;
import io.agentkit.core.keys.AgentApiRequests;
import io.agentkit.core.keys.AgentKeys;
import io.agentkit.core.keys.KeyLocations;
import io.agentkit.core.secrets.TestCertificates;
import io.agentkit.core.settings.Origin;
import io.agentkit.core.settings.Purpose;
import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.settings.SpecInput;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.spec.SpecBuilder;
import io.agentkit.core.validate.KubernetesValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every setting's example renders objects that bind strictly to the Kubernetes model (what builds
 * trust the bundled templates for), and changes at least one output (manifests, ACI YAML, resource
 * definition, the register request or the printed commands): a setting that no template uses is a
 * setting users set for nothing. Adding a setting without its template lines fails here.
 */
class EverySettingReachesTheOutputTest {

  @TempDir static Path dir;
  static String publicKeyPem;
  /** The outputs without any example: only the base settings. */
  static String base;

  @BeforeAll
  static void keys() throws Exception {
    KeyPair managed = TestKeys.rsa4096();
    publicKeyPem = Pem.encode("PUBLIC KEY", managed.getPublic().getEncoded());
    for (String id : new String[] {"base-agent", String.valueOf(Settings.AGENT_ID.example())}) {
      Files.createDirectories(dir.resolve("keys/" + id));
      Files.writeString(dir.resolve("keys/" + id + "/" + KeyLocations.PRIVATE_KEY_FILE), TestKeys.pkcs8Pem(managed));
    }
    Path own = dir.resolve(String.valueOf(Settings.PRIVATE_KEY_PATH.example()));
    Files.createDirectories(own.getParent());
    Files.writeString(own, TestKeys.pkcs8Pem(TestKeys.rsa("own key", 4096)));
    TestCertificates.write(dir.resolve(String.valueOf(Settings.SEALED_SECRETS_CERTIFICATE.example())), TestKeys.rsa("controller", 2048));
    base = outputs(input(null));
  }

  /** Settings that change behaviour, not output, each with the test that covers it. */
  static final Map<String, String> BEHAVIOUR_ONLY = Map.of(
      "failOnMissingTunnelUrl", "whether the deploying goals stop for agent-kit's image without a tunnel (ImageChecksTest)");

  static Stream<Setting<?>> settings() {
    return Settings.ALL.stream().filter(s -> !BEHAVIOUR_ONLY.containsKey(s.path()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settings")
  void theExampleChangesAnOutput(Setting<?> setting) throws Exception {
    String changed = outputs(input(setting));
    assertThat(changed).as(setting + " = " + setting.example() + " changes nothing that is rendered: add it to a template").isNotEqualTo(base);
  }

  private static SpecInput input(Setting<?> setting) {
    Origin origin = new Origin() {
      @Override
      public String describe(String path) {
        return "setting " + path;
      }

      @Override
      public Path baseDirectory() {
        return dir;
      }
    };
    SpecInput in = new SpecInput("test", origin);
    in.set("agentId", "base-agent", origin);
    in.set("organizations", "base-org", origin);
    in.set("aci.location", "northeurope", origin);
    in.set("tunnelUrl", "wss://base.example.com/tunnel", origin);
    if (setting != null) {
      setting.exampleContext().forEach((p, v) -> in.set(p, v, origin));
      in.set(setting.path(), setting.example(), origin);
    }
    return in;
  }

  private static String outputs(SpecInput in) throws Exception {
    AgentSpec spec = new SpecBuilder(Specs.TEST_IMAGE).build(in, Purpose.ACI);
    Templates templates = Templates.bundled();
    AgentKeys keys = new AgentKeys(new KeyLocations(dir.resolve("keys")));
    OutputLayout layout = new OutputLayout(dir.resolve("out"));
    StringBuilder all = new StringBuilder();
    String manifests = new RenderManifests(templates, keys, layout, ManifestLayout.SINGLE_FILE, BuildLog.NONE).render(spec).get(0).content();
    // Builds check the bundled templates' output structurally; here it is bound strictly to the Kubernetes model.
    for (String doc : manifests.split("(?m)^---\\n")) {
      if (!doc.isBlank()) {
        KubernetesValidator.validate(doc, "manifests of " + in.name());
      }
    }
    all.append(manifests);
    // The ACI goal's output includes the az command it prints.
    RecordingLog log = new RecordingLog();
    RenderAci aci = new RenderAci(templates, keys, layout, log);
    List<OutputFile> aciFiles = aci.render(spec);
    aci.write(spec, aciFiles);
    all.append(aciFiles.get(0).content()).append(log.text());
    all.append(new RenderDefinition(templates, layout, BuildLog.NONE).render(spec).get(0).content());
    // Chart values are not counted: a setting the chart takes must reach the objects too (ChartParityIT compares those).
    all.append(AgentApiRequests.registerBody(spec, publicKeyPem));
    return all.toString();
  }
}
