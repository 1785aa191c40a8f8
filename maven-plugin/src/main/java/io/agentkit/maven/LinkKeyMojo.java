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
import java.io.File;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Links a public key to every agent in each of its organizations (the guide's
 * {@code POST /orgs/{org}/agents/{id}/keys}): the agent's current key, or {@code publicKeyFile}. A
 * key that is linked already is left alone.
 *
 * @since 0.1.0
 */
@Mojo(name = "link-key", threadSafe = true)
public class LinkKeyMojo extends AbstractLifecycleMojo {

  /**
   * Skips this goal only ({@code skip} skips every goal of the plugin).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.link-key.skip", defaultValue = "false")
  private boolean skipLinkKey;

  @Override
  protected boolean goalSkipped() {
    return skipLinkKey;
  }

  /**
   * The public key to link ({@code -----BEGIN PUBLIC KEY-----} PEM). Default: each agent's current
   * public key. The Agent API decides what it accepts (RSA of at least 4096 bits).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.publicKeyFile")
  private File publicKeyFile;

  @Inject
  public LinkKeyMojo(SettingsDecrypter decrypter) {
    super(decrypter);
  }

  @Override
  protected String goal() {
    return "link-key";
  }

  @Override
  protected void run(LifecycleGoals goals) throws InvalidSpecException, KeyFileException, AgentApiException, LifecycleException, IOException {
    goals.linkKey(publicKeyFile == null ? null : publicKeyFile.toPath());
  }
}
