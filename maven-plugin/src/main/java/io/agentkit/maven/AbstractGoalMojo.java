package io.agentkit.maven;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.GoalFailure;
import io.agentkit.core.chart.ChartException;
import io.agentkit.core.render.TemplateException;
import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.validate.InvalidOutputException;
import java.io.IOException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal has, and nothing more: skip (all goals, or each goal by its own flag), and the translation of core errors into Maven's. A
 * goal makes one call into the core in {@link #run}; errors the user can fix become build failures
 * with the core's message, which names the setting and the fix.
 */
public abstract class AbstractGoalMojo extends AbstractMojo {

  /**
   * Skips every goal of this plugin.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.skip", defaultValue = "false")
  private boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip || goalSkipped()) {
      String property = skip ? PropertyNames.PREFIX + "skip" : PropertyNames.PREFIX + goal() + ".skip";
      getLog().info("Skipping humanitec-agent:" + goal() + " (" + property + ")");
      return;
    }
    try {
      run();
    } catch (InvalidSpecException | KeyFileException | TemplateException | InvalidOutputException e) {
      throw new MojoFailureException(e.getMessage());
    } catch (GoalFailure e) {
      // ChartException and the Agent API's failures: the setting at fault, the problem and the fix.
      throw new MojoFailureException(Failures.describe(e.setting(), e.problem(), e.fix()));
    } catch (IOException e) {
      throw new MojoExecutionException("humanitec-agent:" + goal() + " failed: " + e, e);
    }
  }

  protected MavenProject project() {
    return project;
  }

  protected MavenSession session() {
    return session;
  }

  /** This goal's own skip flag, {@code humanitec-agent.<goal>.skip}. */
  protected abstract boolean goalSkipped();

  /** The goal's name, for messages. */
  protected abstract String goal();

  /** The goal's one call into the core. */
  protected abstract void run()
      throws MojoFailureException, InvalidSpecException, KeyFileException, TemplateException, InvalidOutputException, ChartException, IOException;
}
