package io.agentkit.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.core.Fleet;
import io.agentkit.core.Specs;
import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.settings.Purpose;
import io.agentkit.core.settings.SpecInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecFilesTest {

  @TempDir Path dir;

  @Test
  void readsNestedSettingsWithTheirLines() throws Exception {
    Path f = write("prod.yaml", """
        agentId: prod
        organizations: [a, b]
        resources:
          limits:
            memory: 256MB
        """);
    SpecInput in = SpecFiles.read(f);
    assertThat(in.get("resources.limits.memory")).isPresent();
    assertThatThrownBy(() -> new SpecBuilder("i:1").build(in))
        .hasMessageContaining("resources.limits.memory (" + f + " line 5): '256MB' is not a Kubernetes quantity");
  }

  @Test
  void unknownKeysAreErrorsWithASuggestion() throws Exception {
    Path f = write("typo.yaml", """
        agentId: prod
        organisations: [a]
        resources:
          limit:
            cpu: 1
        """);
    assertThatThrownBy(() -> SpecFiles.read(f))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("organisations (" + f + " line 2): is not a setting; did you mean 'organizations'?")
        .hasMessageContaining("resources.limit (" + f + " line 4): is not a setting; did you mean 'resources.limits'?");
  }

  @Test
  void duplicateKeysAndNonMappingsAreRejected() throws Exception {
    assertThatThrownBy(() -> SpecFiles.read(write("dup.yaml", "agentId: a1\nagentId: a2\n"))).hasMessageContaining("is not valid YAML");
    assertThatThrownBy(() -> SpecFiles.read(write("list.yaml", "- agentId: a1\n"))).hasMessageContaining("must be a YAML mapping of settings");
  }

  @Test
  void fleetRejectsDuplicateIdsAndAgentIdInThePom() throws Exception {
    write("a.yaml", "agentId: same\n");
    write("b.yaml", "agentId: same\n");
    SpecInput base = Specs.input("organizations", "o");
    assertThatThrownBy(() -> Fleet.load(base, dir, List.of(), new SpecBuilder("i:1"), Purpose.AGENT))
        .hasMessageContaining("'same' is also the agent id in " + dir.resolve("a.yaml"));
    assertThatThrownBy(() -> Fleet.load(Specs.input("agentId", "x", "organizations", "o"), dir, List.of(), new SpecBuilder("i:1"), Purpose.AGENT))
        .hasMessageContaining("is set in the build configuration while spec files in " + dir + " define the agents");
  }

  @Test
  void fleetSelectsAgentsById() throws Exception {
    write("a.yaml", "agentId: alpha\n");
    write("b.yml", "agentId: beta\n");
    write("notes.txt", "not a spec");
    SpecInput base = Specs.input("organizations", "o");
    assertThat(Fleet.load(base, dir, List.of(), new SpecBuilder("i:1"), Purpose.AGENT)).extracting(AgentSpec::agentId).containsExactly("alpha", "beta");
    assertThat(Fleet.load(base, dir, List.of("beta"), new SpecBuilder("i:1"), Purpose.AGENT)).extracting(AgentSpec::agentId).containsExactly("beta");
    assertThatThrownBy(() -> Fleet.load(base, dir, List.of("gamma"), new SpecBuilder("i:1"), Purpose.AGENT))
        .hasMessageContaining("'gamma' is not among the configured agents [alpha, beta]");
  }

  @Test
  void privateKeyPathResolvesAgainstTheSpecFile() throws Exception {
    Path f = write("k.yaml", "agentId: k1\norganizations: o\nprivateKeyPath: keys/k1.pem\n");
    AgentSpec spec = new SpecBuilder("i:1").build(SpecFiles.read(f));
    assertThat(spec.privateKeyPath()).isEqualTo(dir.resolve("keys/k1.pem").toAbsolutePath());
  }

  private Path write(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }
}
