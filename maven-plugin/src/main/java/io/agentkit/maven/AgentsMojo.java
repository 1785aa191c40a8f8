package io.agentkit.maven;

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
 * Lists, per organization, each agent of the build with its description, its linked keys
 * (fingerprint, created, expires, authorized; which one is the local key) and its connected
 * sessions where the API offers them. Warns about keys that expire within 30 days and about agents
 * or local keys the API does not know. Changes nothing.
 *
 * @since 0.1.0
 */
@Mojo(name = "agents", threadSafe = true)
public class AgentsMojo extends AbstractLifecycleMojo {

  /**
   * Skips this goal only ({@code skip} skips every goal of the plugin).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.agents.skip", defaultValue = "false")
  private boolean skipAgents;

  @Override
  protected boolean goalSkipped() {
    return skipAgents;
  }

  @Inject
  public AgentsMojo(SettingsDecrypter decrypter) {
    super(decrypter);
  }

  @Override
  protected String goal() {
    return "agents";
  }

  @Override
  protected void run(LifecycleGoals goals) throws InvalidSpecException, AgentApiException, LifecycleException, IOException {
    goals.agents();
  }
}
