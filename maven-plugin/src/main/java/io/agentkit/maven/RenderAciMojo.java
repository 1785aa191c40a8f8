package io.agentkit.maven;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.Goals;
import io.agentkit.core.render.TemplateException;
import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.validate.InvalidOutputException;
import java.io.IOException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Renders the Azure Container Instances container group YAML of every agent, with the private key
 * embedded, and prints the {@code az container create} command.
 *
 * @since 0.1.0
 */
@Mojo(name = "render-aci", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class RenderAciMojo extends AbstractAgentMojo {

  /**
   * Skips this goal only ({@code skip} skips every goal of the plugin).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.render-aci.skip", defaultValue = "false")
  private boolean skipRenderAci;

  @Override
  protected boolean goalSkipped() {
    return skipRenderAci;
  }

  @Override
  protected String goal() {
    return "render-aci";
  }

  @Override
  protected void run(Goals goals) throws InvalidSpecException, KeyFileException, TemplateException, InvalidOutputException, IOException {
    goals.renderAci();
  }
}
