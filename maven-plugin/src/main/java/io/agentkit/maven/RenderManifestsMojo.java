package io.agentkit.maven;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.Goals;
import io.agentkit.core.render.ManifestLayout;
import io.agentkit.core.render.TemplateException;
import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.validate.InvalidOutputException;
import java.io.IOException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Renders the Kubernetes manifests of every agent: Namespace, ConfigMap, Secret (unless an existing
 * Secret is used) and Deployment, validated strictly against the Kubernetes model before writing.
 *
 * @since 0.1.0
 */
@Mojo(name = "render-manifests", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class RenderManifestsMojo extends AbstractAgentMojo {

  /**
   * Skips this goal only ({@code skip} skips every goal of the plugin).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.render-manifests.skip", defaultValue = "false")
  private boolean skipRenderManifests;

  @Override
  protected boolean goalSkipped() {
    return skipRenderManifests;
  }

  /**
   * {@code single-file}: one multi-document {@code manifests.yaml} in apply order;
   * {@code file-per-object}: {@code manifests/01-namespace.yaml} and so on.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.manifestLayout", defaultValue = "single-file")
  private String manifestLayout;

  @Override
  protected String goal() {
    return "render-manifests";
  }

  @Override
  protected ManifestLayout manifestLayout() throws MojoFailureException {
    return ManifestLayout.parse(manifestLayout).orElseThrow(() -> new MojoFailureException(
        "<manifestLayout> (-Dhumanitec-agent.manifestLayout): '" + manifestLayout + "' is not a layout; use single-file or file-per-object"));
  }

  @Override
  protected void run(Goals goals) throws InvalidSpecException, KeyFileException, TemplateException, InvalidOutputException, IOException {
    goals.renderManifests();
  }
}
