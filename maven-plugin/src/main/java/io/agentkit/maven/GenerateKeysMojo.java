package io.agentkit.maven;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.Goals;
import io.agentkit.core.settings.InvalidSpecException;
import java.io.IOException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Makes sure every agent has an RSA 4096 key pair: generates one where none exists, validates an
 * existing pair (never overwriting it), and writes the Agent API request bodies for registering the
 * agent and linking the key. Prints the fingerprint and the next steps.
 *
 * @since 0.1.0
 */
@Mojo(name = "generate-keys", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class GenerateKeysMojo extends AbstractAgentMojo {

  /**
   * Skips this goal only ({@code skip} skips every goal of the plugin).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.generate-keys.skip", defaultValue = "false")
  private boolean skipGenerateKeys;

  @Override
  protected boolean goalSkipped() {
    return skipGenerateKeys;
  }

  /**
   * Writes a new pair and moves the current one into a {@code retired-*} folder beside it, kept until
   * you delete it. Meant for the command line ({@code -Dhumanitec-agent.rotate}), not the POM: every
   * build would rotate again.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.rotate", defaultValue = "false")
  private boolean rotate;

  @Override
  protected String goal() {
    return "generate-keys";
  }

  @Override
  protected boolean rotate() {
    return rotate;
  }

  @Override
  protected void run(Goals goals) throws InvalidSpecException, KeyFileException, IOException {
    goals.generateKeys();
  }
}
