package io.agentkit.maven;

import io.agentkit.core.ChartGoals;
import io.agentkit.core.chart.ChartException;
import io.agentkit.core.chart.PackageChart;
import io.agentkit.core.settings.InvalidSpecException;
import java.io.File;
import java.io.IOException;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Packages the Helm chart: the bundled humanitec-agent chart, or your own chart directory. Sets the
 * chart version and appVersion, writes the plugin configuration (organization, image, resources, log
 * level, ...) into values.yaml as defaults, keeping its comments, validates Chart.yaml and the values
 * against values.schema.json, and writes a byte-reproducible {@code <name>-<version>.tgz}. The
 * private key is never packaged. A chart serves any agent: the agent settings need no agent id or
 * organization here (the organization may be given at install time).
 *
 * @since 0.1.0
 */
@Mojo(name = "package-chart", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class PackageChartMojo extends AgentSettingsParameters {

  /**
   * Skips this goal only ({@code skip} skips every goal of the plugin).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.package-chart.skip", defaultValue = "false")
  private boolean skipPackageChart;

  @Override
  protected boolean goalSkipped() {
    return skipPackageChart;
  }

  /** Classifier of the attached chart archive; push-chart looks for it. */
  static final String CLASSIFIER = "helm-chart";
  static final String TYPE = "tgz";

  /**
   * Your own chart directory (the one holding Chart.yaml), packaged instead of the bundled chart.
   * Its {@code .helmignore} is honoured.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.chartDirectory")
  private File chartDirectory;

  /**
   * Chart version, SemVer 2.0. A Maven {@code -SNAPSHOT} version is a valid SemVer pre-release.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.chartVersion", defaultValue = "${project.version}")
  private String chartVersion;

  /**
   * The chart's appVersion. Default: the tag of the agent image (the configured image, or the one
   * this plugin version ships).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.appVersion")
  private String appVersion;

  /**
   * Directory the chart archive is written to.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.chartOutputDirectory", defaultValue = "${project.build.directory}", required = true)
  private File chartOutputDirectory;

  /**
   * Attach the archive to the project (classifier {@code helm-chart}, type {@code tgz}), so that
   * {@code install} and {@code deploy} carry it.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.attachChart", defaultValue = "true")
  private boolean attachChart;

  /**
   * Timestamp of the chart archive's entries, so that the archive is reproducible;
   * {@code SOURCE_DATE_EPOCH} overrides it.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.outputTimestamp", defaultValue = "${project.build.outputTimestamp}")
  private String outputTimestamp;

  private final MavenProjectHelper projectHelper;

  @Inject
  public PackageChartMojo(MavenProjectHelper projectHelper) {
    this.projectHelper = projectHelper;
  }

  @Override
  protected String goal() {
    return "package-chart";
  }

  @Override
  protected void run() throws MojoFailureException, InvalidSpecException, ChartException, IOException {
    ChartGoals.PackageSettings settings = new ChartGoals.PackageSettings(specInput(),
        chartDirectory == null ? null : chartDirectory.toPath(), chartVersion, appVersion, chartOutputDirectory.toPath(),
        BuildTimestamp.resolve(outputTimestamp, System.getenv("SOURCE_DATE_EPOCH")));
    PackageChart.Result result = new ChartGoals(new MavenBuildLog(getLog())).packageChart(settings);
    if (attachChart) {
      projectHelper.attachArtifact(project(), TYPE, CLASSIFIER, result.archive().toFile());
    }
  }
}
