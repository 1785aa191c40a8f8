package io.agentkit.maven;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.GoalFailure;
import io.agentkit.core.Goals;
import io.agentkit.core.api.AgentApiClient;
import io.agentkit.core.api.AgentApiException;
import io.agentkit.core.api.ApiEndpoint;
import io.agentkit.core.api.ApiToken;
import io.agentkit.core.chart.ChartException;
import io.agentkit.core.lifecycle.LifecycleException;
import io.agentkit.core.lifecycle.LifecycleGoals;
import io.agentkit.core.oci.RetryPolicy;
import io.agentkit.core.render.TemplateException;
import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.validate.InvalidOutputException;
import java.io.File;
import java.io.IOException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * What the goals that talk to the Agent API share: where the API is, how it is trusted and
 * authenticated, and how often a request is tried. The token comes from a settings.xml
 * {@code <server>} (id {@code apiServerId}; encrypted passwords work) or the {@code HUMANITEC_TOKEN}
 * environment variable, and is never printed.
 */
public abstract class AbstractLifecycleMojo extends AbstractAgentMojo {

  /**
   * Base URL of the Agent API. {@code https} only; plain {@code http} only for a loopback test
   * server with allowInsecureLoopback.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.apiUrl", defaultValue = ApiEndpoint.DEFAULT_URL)
  private String apiUrl;

  /**
   * PEM file of the CA certificates to trust for the Agent API instead of the JVM's (a private CA,
   * or a test orchestrator's self-signed certificate).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.apiCaFile")
  private File apiCaFile;

  /**
   * Id of the settings.xml {@code <server>} whose {@code <password>} is the Agent API token
   * (encrypted passwords work). Without that server, the {@code HUMANITEC_TOKEN} environment variable
   * is used.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.apiServerId", defaultValue = MavenApiToken.DEFAULT_SERVER_ID)
  private String apiServerId;

  /**
   * Allows a plain {@code http://} apiUrl when its host is a loopback address (127.0.0.1, ::1,
   * localhost): for a local test server only. Any other plain http URL is refused regardless.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.allowInsecureLoopback", defaultValue = "false")
  private boolean allowInsecureLoopback;

  /**
   * Attempts per Agent API request when the API is unreachable or answers 5xx or 429; waits double
   * from 0.5 s up to 8 s (or what Retry-After asks, up to 8 s).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.apiAttempts", defaultValue = "4")
  private int apiAttempts;

  private final SettingsDecrypter decrypter;

  protected AbstractLifecycleMojo(SettingsDecrypter decrypter) {
    this.decrypter = decrypter;
  }

  @Override
  protected final void run()
      throws MojoFailureException, InvalidSpecException, KeyFileException, TemplateException, InvalidOutputException, ChartException, IOException {
    if (session().isOffline() && !ApiEndpoint.isLoopbackUrl(apiUrl)) {
      throw new MojoFailureException(goal() + " needs the network to reach the Agent API at " + apiUrl + ", but Maven runs offline (-o); run without -o");
    }
    if (apiAttempts < 1) {
      throw new MojoFailureException(Failures.describe("apiAttempts", apiAttempts + " attempts would never send a request", "use 1 or more (default 4)"));
    }
    MavenBuildLog log = new MavenBuildLog(getLog());
    try {
      ApiToken token = new MavenApiToken(session().getSettings(), decrypter).token(apiServerId, System.getenv(MavenApiToken.ENVIRONMENT_VARIABLE));
      ApiEndpoint endpoint = ApiEndpoint.of(apiUrl, apiCaFile == null ? null : apiCaFile.toPath(), allowInsecureLoopback,
          new MavenRegistrySettings(session().getSettings(), decrypter).proxy("https"));
      getLog().info("Agent API " + endpoint + " (" + token + (endpoint.proxy() == null ? "" : ", through " + endpoint.proxy()) + ")");
      RetryPolicy retry = new RetryPolicy(apiAttempts, RetryPolicy.DEFAULT.initialDelay(), RetryPolicy.DEFAULT.maxDelay());
      run(new LifecycleGoals(config(), new AgentApiClient(endpoint, token, retry, log), log));
    } catch (GoalFailure e) {
      throw new MojoFailureException(Failures.describe(e.setting(), e.problem(), e.fix()));
    }
  }

  /** The goal's one call into the core. */
  protected abstract void run(LifecycleGoals goals) throws InvalidSpecException, KeyFileException, AgentApiException, LifecycleException,
      TemplateException, InvalidOutputException, IOException;

  /** Lifecycle goals run on the Agent API, not on {@link Goals}. */
  @Override
  protected final void run(Goals goals) {
    throw new IllegalStateException(goal() + " runs through LifecycleGoals");
  }
}
