package io.agentkit.maven;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.api.AgentApiException;
import io.agentkit.core.lifecycle.LifecycleException;
import io.agentkit.core.lifecycle.LifecycleGoals;
import io.agentkit.core.settings.InvalidSpecException;
import java.io.IOException;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Registers every agent with the Agent API in each of its organizations, with its current public
 * key (the guide's {@code POST /orgs/{org}/agents}). An agent that exists gets the key linked if it
 * is not yet, and its description updated; what already holds is left alone, so a second run
 * changes nothing and says so.
 *
 * @since 0.1.0
 */
@Mojo(name = "register", threadSafe = true)
public class RegisterMojo extends AbstractLifecycleMojo {

  /**
   * Skips this goal only ({@code skip} skips every goal of the plugin).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.register.skip", defaultValue = "false")
  private boolean skipRegister;

  @Override
  protected boolean goalSkipped() {
    return skipRegister;
  }

  @Inject
  public RegisterMojo(SettingsDecrypter decrypter) {
    super(decrypter);
  }

  @Override
  protected String goal() {
    return "register";
  }

  @Override
  protected void run(LifecycleGoals goals) throws InvalidSpecException, KeyFileException, AgentApiException, LifecycleException, IOException {
    goals.register();
  }
}
