package io.agentkit.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.core.Specs;
import io.agentkit.core.settings.AgentImages;
import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.settings.Purpose;
import io.agentkit.core.settings.SpecInput;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which image talks to which orchestrator (issue 14), and image references as registries read them. */
class ImageChecksTest {

  private static AgentSpec build(Purpose purpose, Object... settings) throws InvalidSpecException {
    SpecInput in = Specs.input("agentId", "edge", "organizations", "my-org");
    for (int i = 0; i < settings.length; i += 2) {
      in.set((String) settings[i], settings[i + 1], Specs.ORIGIN);
    }
    return new SpecBuilder(Specs.TEST_IMAGE).build(in, purpose);
  }

  @Test
  void agentKitsAgentWithoutATunnelIsRefusedWhereItWouldBeDeployedNamingBothFixes() throws Exception {
    for (Purpose deploying : List.of(Purpose.KUBERNETES, Purpose.ACI, Purpose.CHART)) {
      assertThatThrownBy(() -> build(deploying, "aci.location", "westeurope")).as(deploying.name()).isInstanceOf(InvalidSpecException.class)
          .hasMessageContaining("setting tunnelUrl: is not set, so agent-kit's agent (" + Specs.TEST_IMAGE + ") would connect to its default "
              + "wss://agent-01.humanitec.io/tunnel, Humanitec's endpoint, which does not speak agent-kit's tunnel protocol")
          .hasMessageContaining("set tunnelUrl to your agent-kit orchestrator's tunnel (e.g. wss://orchestrator.example.com:9443/tunnel)")
          .hasMessageContaining("or set image to Humanitec's agent image (e.g. ghcr.io/humanitec/agent:1.2.0)")
          .hasMessageContaining("failOnMissingTunnelUrl=false allows the combination");
    }
    // Keys and the resource definition do not deploy the agent.
    assertThat(build(Purpose.AGENT).agentId()).isEqualTo("edge");
    // Another tag of agent-kit's image is still agent-kit's agent.
    assertThatThrownBy(() -> build(Purpose.KUBERNETES, "image", "ghcr.io/agent-kit/humanitec-agent:9.9.9")).hasMessageContaining("setting tunnelUrl");
  }

  @Test
  void eitherFixOrTheExplicitOptInIsAccepted() throws Exception {
    assertThat(build(Purpose.KUBERNETES, "tunnelUrl", "wss://orchestrator.example.com:9443/tunnel").notes()).isEmpty();
    assertThat(build(Purpose.KUBERNETES, "image", AgentImages.HUMANITEC).notes()).isEmpty();
    AgentSpec optIn = build(Purpose.KUBERNETES, "failOnMissingTunnelUrl", false);
    assertThat(optIn.notes()).singleElement().asString().contains("setting tunnelUrl is not set").contains("allowed by failOnMissingTunnelUrl=false");
    // A mirror of Humanitec's image in another registry is neither: rendered as configured.
    assertThat(build(Purpose.KUBERNETES, "image", "registry.example.com/humanitec/agent:1.2.0").notes()).isEmpty();
  }

  @Test
  void settingsOnlyAgentKitsAgentReadsAreLeftOutForHumanitecsImageWithANote() throws Exception {
    AgentSpec humanitec = build(Purpose.KUBERNETES, "image", AgentImages.HUMANITEC, "allowedTargets", "db:5432");
    assertThat(humanitec.agentEnvironment()).doesNotContainKey("ALLOWED_TARGETS");
    assertThat(humanitec.notes()).singleElement().asString()
        .isEqualTo("setting allowedTargets is left out of the agent's environment (ALLOWED_TARGETS): Humanitec's agent image ghcr.io/humanitec/agent:1.2.0 does not read it");
    AgentSpec ours = build(Purpose.KUBERNETES, "tunnelUrl", "wss://o.example.com/t", "allowedTargets", "db:5432,10.0.0.0/8:*");
    assertThat(ours.agentEnvironment()).containsEntry("ALLOWED_TARGETS", "db:5432,10.0.0.0/8:*");
  }

  @Test
  void imageReferencesAreCheckedAsRegistriesReadThem() throws Exception {
    for (String valid : List.of("ghcr.io/humanitec/agent:1.2.0", "localhost:5000/a/b", "registry.local:5000/agent@sha256:" + "a".repeat(64), "agent",
        "Registry.Example.com/team/agent_x:v1.2-rc.1")) {
      assertThat(build(Purpose.AGENT, "image", valid).image()).isEqualTo(valid);
    }
    assertThatThrownBy(() -> build(Purpose.AGENT, "image", "ghcr.io/X/Agent:1.0"))
        .hasMessageContaining("setting image: 'ghcr.io/X/Agent:1.0' has upper-case letters in its repository 'X/Agent'; registries accept only "
            + "lowercase repository names, so pulling it would fail; write ghcr.io/x/agent:1.0");
    assertThatThrownBy(() -> build(Purpose.AGENT, "image", "agent:1.0@sha256:abc")).hasMessageContaining("has a digest that is not sha256:");
    assertThatThrownBy(() -> build(Purpose.AGENT, "image", "agent:bad tag")).hasMessageContaining("'agent:bad tag'");
    assertThatThrownBy(() -> build(Purpose.AGENT, "image", "ghcr.io//agent")).hasMessageContaining("is not an image reference");
  }
}
