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
 * Renders the Humanitec resource definition of type {@code agent} for every agent, ready for
 * {@code humctl apply -f}.
 *
 * @since 0.1.0
 */
@Mojo(name = "render-definition", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class RenderDefinitionMojo extends AbstractAgentMojo {

  /**
   * Skips this goal only ({@code skip} skips every goal of the plugin).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.render-definition.skip", defaultValue = "false")
  private boolean skipRenderDefinition;

  @Override
  protected boolean goalSkipped() {
    return skipRenderDefinition;
  }

  @Override
  protected String goal() {
    return "render-definition";
  }

  @Override
  protected void run(Goals goals) throws InvalidSpecException, KeyFileException, TemplateException, InvalidOutputException, IOException {
    goals.renderDefinition();
  }
}
