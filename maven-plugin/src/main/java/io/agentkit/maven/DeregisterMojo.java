package io.agentkit.maven;

import io.agentkit.core.api.AgentApiException;
import io.agentkit.core.lifecycle.LifecycleException;
import io.agentkit.core.lifecycle.LifecycleGoals;
import io.agentkit.core.settings.InvalidSpecException;
import java.io.IOException;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Deregisters every agent from each of its organizations, with all its keys (the guide's
 * {@code DELETE /orgs/{org}/agents/{id}}), the last step of uninstalling, and prints how to remove
 * the installation. Only for agents named in {@code confirm}. The local key pair is kept.
 *
 * @since 0.1.0
 */
@Mojo(name = "deregister", threadSafe = true)
public class DeregisterMojo extends AbstractLifecycleMojo {

  /**
   * Skips this goal only ({@code skip} skips every goal of the plugin).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.deregister.skip", defaultValue = "false")
  private boolean skipDeregister;

  @Override
  protected boolean goalSkipped() {
    return skipDeregister;
  }

  /**
   * Ids of the agents to deregister, as a confirmation: nothing is deleted unless every agent of the
   * build (or of the agents selection) is named, e.g. {@code -Dhumanitec-agent.confirm=prod-eu-1}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.confirm")
  private List<String> confirm;

  @Inject
  public DeregisterMojo(SettingsDecrypter decrypter) {
    super(decrypter);
  }

  @Override
  protected String goal() {
    return "deregister";
  }

  @Override
  protected void run(LifecycleGoals goals) throws InvalidSpecException, AgentApiException, LifecycleException, IOException {
    goals.deregister(confirm);
  }
}
