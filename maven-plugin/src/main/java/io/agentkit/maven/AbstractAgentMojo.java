package io.agentkit.maven;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.GoalConfig;
import io.agentkit.core.Goals;
import io.agentkit.core.chart.ChartException;
import io.agentkit.core.render.ManifestLayout;
import io.agentkit.core.render.TemplateException;
import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.validate.InvalidOutputException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What the goals that work on agents (keys, manifests, ACI, definition) share beyond the agent
 * settings: spec files, and where keys, templates and outputs live.
 */
public abstract class AbstractAgentMojo extends AgentSettingsParameters {

  /**
   * Directory of agent spec files, one YAML file per agent ({@code *.yaml}, {@code *.yml}). The
   * agent settings in this configuration then act as defaults for every file. Unset: one agent,
   * configured here.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.specDirectory")
  private File specDirectory;

  /**
   * Ids of the agents to process when a spec directory defines several; all when empty.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.agents")
  private List<String> agents;

  /**
   * Directory of managed key pairs, one subdirectory per agent. Outside {@code target/} so that
   * {@code mvn clean} never deletes a key; generate-keys puts a {@code .gitignore} in it.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.keysDirectory", defaultValue = "${project.basedir}/.humanitec-agent/keys", required = true)
  private File keysDirectory;

  /**
   * Directory of rendered files, one subdirectory per agent.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.outputDirectory", defaultValue = "${project.build.directory}/humanitec-agent", required = true)
  private File outputDirectory;

  /**
   * Directory of your own templates: a file named like a bundled template ({@code namespace.yaml.ftl},
   * {@code configmap.yaml.ftl}, {@code secret.yaml.ftl}, {@code deployment.yaml.ftl},
   * {@code aci.yaml.ftl}, {@code definition.yaml.ftl}) replaces it.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.templateDirectory")
  private File templateDirectory;

  /** Runs the goal on {@link Goals}; the lifecycle goals run on the Agent API instead. */
  @Override
  protected void run()
      throws MojoFailureException, InvalidSpecException, KeyFileException, TemplateException, InvalidOutputException, ChartException, IOException {
    run(new Goals(config(), new MavenBuildLog(getLog())));
  }

  /** The goal's one call into the core. */
  protected abstract void run(Goals goals) throws InvalidSpecException, KeyFileException, TemplateException, InvalidOutputException, IOException;

  /** Layout of rendered manifests; only render-manifests has a choice. */
  protected ManifestLayout manifestLayout() throws MojoFailureException {
    return ManifestLayout.SINGLE_FILE;
  }

  /** Whether to rotate keys; only generate-keys rotates. */
  protected boolean rotate() {
    return false;
  }

  protected GoalConfig config() throws MojoFailureException {
    return new GoalConfig(specInput(), path(specDirectory), agents, keysDirectory.toPath(), outputDirectory.toPath(), path(templateDirectory),
        manifestLayout(), rotate());
  }

  private static Path path(File f) {
    return f == null ? null : f.toPath();
  }
}
