package io.agentkit.core.spec;

import static io.agentkit.core.settings.Settings.*;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.core.settings.AgentImages;
import io.agentkit.core.settings.Purpose;
import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.SettingValues;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.settings.SpecReader;
import java.util.List;

/**
 * The image and the orchestrator it talks to. agent-kit's agent without a tunnelUrl would connect to
 * Humanitec's endpoint, which does not speak its protocol: an agent that cannot work, so the goals
 * that deploy it stop, naming both fixes. Settings only agent-kit's agent reads are left out for
 * Humanitec's image, with a note.
 */
final class ImageChecks implements SpecCheck {

  /** An example of agent-kit's orchestrator tunnel, for messages. */
  static final String EXAMPLE_TUNNEL = "wss://orchestrator.example.com:9443/tunnel";

  @Override
  public void check(SettingValues v, SpecReader r, Purpose purpose, List<String> notes) {
    String image = v.get(IMAGE);
    if (purpose.deploys() && AgentImages.isAgentKits(image, v.defaultImage()) && v.get(TUNNEL_URL) == null) {
      String problem = "is not set, so agent-kit's agent (" + image + ") would connect to its default " + AgentEnv.DEFAULT_TUNNEL_URL
          + ", Humanitec's endpoint, which does not speak agent-kit's tunnel protocol";
      if (Boolean.FALSE.equals(v.get(FAIL_ON_MISSING_TUNNEL_URL))) {
        notes.add(r.describe(TUNNEL_URL.path()) + " " + problem + " (allowed by failOnMissingTunnelUrl=false)");
      } else {
        r.problem(TUNNEL_URL.path(), problem,
            "set tunnelUrl to your agent-kit orchestrator's tunnel (e.g. " + EXAMPLE_TUNNEL + "), or set image to Humanitec's agent image (e.g. "
                + AgentImages.HUMANITEC + ") to connect to Humanitec's Platform Orchestrator; failOnMissingTunnelUrl=false allows the combination");
      }
    }
    if (AgentImages.isHumanitecs(image)) {
      for (Setting<?> s : Settings.ALL) {
        if (s.agentKitOnly() && v.get(s) != null && s.env() != null) {
          notes.add(r.describe(s.path()) + " is left out of the agent's environment (" + s.env() + "): Humanitec's agent image " + image
              + " does not read it");
        }
      }
    }
  }
}
