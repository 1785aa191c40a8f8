package io.agentkit.core.settings;

import io.agentkit.contract.env.AgentBuild;
import io.agentkit.core.chart.ImageReference;

/**
 * The two agents an installation can run, and which orchestrator each talks to. agent-kit's own
 * agent (this build's image) speaks agent-kit's tunnel protocol and needs agent-kit's orchestrator;
 * Humanitec's agent image speaks Humanitec's and connects to Humanitec's Platform Orchestrator.
 */
public final class AgentImages {

  /** Humanitec's agent image, as the installation guide names it. The chart's source carries it too (a test compares them). */
  public static final String HUMANITEC = "ghcr.io/humanitec/agent:1.2.0";

  /** The repository of Humanitec's agent image. */
  public static final String HUMANITEC_REPOSITORY = ImageReference.parse(HUMANITEC).repository();

  private AgentImages() {}

  /** Whether {@code image} is agent-kit's agent: the repository this build publishes its agent to. */
  public static boolean isAgentKits(String image, String buildImage) {
    return image != null && ImageReference.parse(image).repository().equals(ImageReference.parse(buildImage).repository());
  }

  /** Whether {@code image} is Humanitec's agent image (any tag or digest). */
  public static boolean isHumanitecs(String image) {
    return image != null && ImageReference.parse(image).repository().equals(HUMANITEC_REPOSITORY);
  }

  /** This build's agent image. */
  public static String ours() {
    return AgentBuild.current().image();
  }
}
