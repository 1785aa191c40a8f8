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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A setting that no template, chart value or request uses is a setting users set for nothing: for
 * every setting of the table, its example must change at least one output (manifests, ACI YAML,
 * resource definition, chart values or the register request). Adding a setting without its template
 * lines fails here.
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

  static Stream<Setting<?>> settings() {
    return Settings.ALL.stream();
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
    all.append(new RenderManifests(templates, keys, layout, ManifestLayout.SINGLE_FILE, BuildLog.NONE).render(spec).get(0).content());
    // The ACI goal's output includes the az command it prints.
    RecordingLog log = new RecordingLog();
    RenderAci aci = new RenderAci(templates, keys, layout, log);
    List<OutputFile> aciFiles = aci.render(spec);
    aci.write(spec, aciFiles);
    all.append(aciFiles.get(0).content()).append(log.text());
    all.append(new RenderDefinition(templates, layout, BuildLog.NONE).render(spec).get(0).content());
    all.append(ChartValues.of(spec));
    all.append(AgentApiRequests.registerBody(spec, publicKeyPem));
    return all.toString();
  }
}
