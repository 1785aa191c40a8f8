package io.agentkit.maven;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.api.AgentApiException;
import io.agentkit.core.lifecycle.LifecycleException;
import io.agentkit.core.lifecycle.LifecycleGoals;
import io.agentkit.core.settings.InvalidSpecException;
import java.io.IOException;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import io.agentkit.core.render.TemplateException;
import io.agentkit.core.validate.InvalidOutputException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Rotates every agent's key pair without downtime, in two runs. The first writes a new pair (the
 * old one kept in a {@code retired-*} folder), links it in every organization next to the old key,
 * renders the manifests (and ACI file) with it and prints how to roll it out. The next run, after
 * the rollout, confirms from the API's sessions that the agent connects with the new key only (or
 * takes {@code force} where the API cannot tell), unlinks the old key and completes the rotation. Its
 * state is kept beside the keys, so any run can be repeated after a failure.
 *
 * @since 0.1.0
 */
@Mojo(name = "rotate-keys", threadSafe = true)
public class RotateKeysMojo extends AbstractLifecycleMojo {

  /**
   * Skips this goal only ({@code skip} skips every goal of the plugin).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.rotate-keys.skip", defaultValue = "false")
  private boolean skipRotateKeys;

  @Override
  protected boolean goalSkipped() {
    return skipRotateKeys;
  }

  /**
   * Unlinks the old key in the second run without confirming the rollout from the API's sessions:
   * for an Agent API without a sessions view, once you have checked the rollout yourself.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.force", defaultValue = "false")
  private boolean force;

  @Inject
  public RotateKeysMojo(SettingsDecrypter decrypter) {
    super(decrypter);
  }

  @Override
  protected String goal() {
    return "rotate-keys";
  }

  @Override
  protected void run(LifecycleGoals goals)
      throws InvalidSpecException, KeyFileException, AgentApiException, LifecycleException, TemplateException, InvalidOutputException, IOException {
    goals.rotateKeys(force);
  }
}
