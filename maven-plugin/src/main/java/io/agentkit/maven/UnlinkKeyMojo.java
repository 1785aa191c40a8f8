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
 * Unlinks a key from every agent in each of its organizations (the guide's
 * {@code DELETE /orgs/{org}/agents/{id}/keys/{fingerprint}}). Refuses, before unlinking anything, to
 * unlink the last key of an agent or its current local key unless forced.
 *
 * @since 0.1.0
 */
@Mojo(name = "unlink-key", threadSafe = true)
public class UnlinkKeyMojo extends AbstractLifecycleMojo {

  /**
   * Skips this goal only ({@code skip} skips every goal of the plugin).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.unlink-key.skip", defaultValue = "false")
  private boolean skipUnlinkKey;

  @Override
  protected boolean goalSkipped() {
    return skipUnlinkKey;
  }

  /**
   * Fingerprint of the key to unlink: the 64 hex characters humanitec-agent:agents shows, or at
   * least their first 12 when that names one key.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.fingerprint")
  private String fingerprint;

  /**
   * Unlinks even the last key of an agent, or its current local key, which disconnects the agent.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.force", defaultValue = "false")
  private boolean force;

  @Inject
  public UnlinkKeyMojo(SettingsDecrypter decrypter) {
    super(decrypter);
  }

  @Override
  protected String goal() {
    return "unlink-key";
  }

  @Override
  protected void run(LifecycleGoals goals) throws InvalidSpecException, AgentApiException, LifecycleException, IOException {
    goals.unlinkKey(fingerprint, force);
  }
}
