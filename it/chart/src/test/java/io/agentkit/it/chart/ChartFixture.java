package io.agentkit.it.chart;

import io.agentkit.contract.keys.Pem;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.core.BuildLog;
import io.agentkit.core.ChartGoals;
import io.agentkit.core.GoalConfig;
import io.agentkit.core.Goals;
import io.agentkit.core.chart.PackageChart;
import io.agentkit.core.keys.KeyLocations;
import io.agentkit.core.render.ManifestLayout;
import io.agentkit.core.render.OutputFile;
import io.agentkit.core.settings.Origin;
import io.agentkit.core.settings.SpecInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One agent configuration driven through the plugin's core twice, as the goals do: render-manifests
 * and package-chart. Keys are generated per run and written where the plugin keeps them.
 */
final class ChartFixture {

  static final Instant TIMESTAMP = Instant.parse("2026-11-23T00:00:00Z");
  static final String AGENT_ID = "parity-agent";

  private final Path dir;
  private final SpecInput input;
  private final Path keysDirectory;
  private final String privateKeyPem;

  private ChartFixture(Path dir, SpecInput input, Path keysDirectory, String privateKeyPem) {
    this.dir = dir;
    this.input = input;
    this.keysDirectory = keysDirectory;
    this.privateKeyPem = privateKeyPem;
  }

  /** @param settings spec paths and values, as a POM or spec file would give them */
  static ChartFixture of(Path dir, Map<String, Object> settings) throws Exception {
    return of(dir, settings, TestKeys.rsa4096());
  }

  static ChartFixture of(Path dir, Map<String, Object> settings, KeyPair pair) throws Exception {
    Origin origin = new Origin() {
      @Override
      public String describe(String path) {
        return path;
      }

      @Override
      public Path baseDirectory() {
        return dir;
      }
    };
    SpecInput input = new SpecInput("test configuration", origin);
    input.set("agentId", AGENT_ID, origin);
    if (!settings.containsKey("image") && !settings.containsKey("tunnelUrl")) {
      // agent-kit's image with the agent's default tunnel, as before the check: these cases compare outputs.
      input.set("failOnMissingTunnelUrl", false, origin);
    }
    settings.forEach((k, v) -> input.set(k, v, origin));
    Path keys = dir.resolve("keys");
    Path agentKeys = Files.createDirectories(keys.resolve(AGENT_ID));
    String pem = TestKeys.pkcs8Pem(pair);
    Files.writeString(agentKeys.resolve(KeyLocations.PRIVATE_KEY_FILE), pem);
    Files.setPosixFilePermissions(agentKeys.resolve(KeyLocations.PRIVATE_KEY_FILE), PosixFilePermissions.fromString("rw-------"));
    Files.writeString(agentKeys.resolve(KeyLocations.PUBLIC_KEY_FILE), Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()));
    return new ChartFixture(dir, input, keys, pem);
  }

  private Goals goals() {
    GoalConfig config = new GoalConfig(input, null, List.of(), keysDirectory, dir.resolve("out"), null, ManifestLayout.SINGLE_FILE, false);
    return new Goals(config, BuildLog.NONE);
  }

  /** What render-manifests writes: one multi-document file. */
  String renderManifests() throws Exception {
    List<OutputFile> files = goals().renderManifests();
    return files.get(0).content();
  }

  /** What package-chart writes, from the bundled chart. */
  PackageChart.Result packageChart(String version) throws Exception {
    return new ChartGoals(BuildLog.NONE).packageChart(new ChartGoals.PackageSettings(input, null, version, null, dir.resolve("target"), TIMESTAMP));
  }

  /**
   * The key as the guide passes it to helm, {@code --set "humanitec.privateKey=$(cat key.pem)"}:
   * the shell drops the last newline. Written to a file for {@code --set-file}, so the key never
   * appears on a command line.
   */
  Path keyAsShellSubstitution() throws Exception {
    Path f = dir.resolve("key-from-cat.txt");
    Files.write(f, privateKeyPem.stripTrailing().getBytes(StandardCharsets.US_ASCII));
    return f;
  }

  /** The agent's chart values that render-manifests wrote beside its manifests. */
  Path helmValues() {
    return dir.resolve("out").resolve(AGENT_ID).resolve("helm-values.yaml");
  }

  String privateKeyPem() {
    return privateKeyPem;
  }
}
