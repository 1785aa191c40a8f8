package io.agentkit.maven;

import io.agentkit.core.chart.ChartException;
import java.time.Instant;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What package-chart and push-chart share: the build timestamp that makes their outputs reproducible, and the project. */
abstract class AbstractChartMojo extends AbstractAgentMojo {

  /**
   * Timestamp of the chart archive's entries and of the OCI manifest's created annotation, so that
   * both are reproducible; {@code SOURCE_DATE_EPOCH} overrides it.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.outputTimestamp", defaultValue = "${project.build.outputTimestamp}")
  private String outputTimestamp;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject currentProject;

  protected Instant buildTimestamp() throws ChartException {
    return BuildTimestamp.resolve(outputTimestamp, System.getenv("SOURCE_DATE_EPOCH"));
  }

  protected MavenProject currentProject() {
    return currentProject;
  }
}
