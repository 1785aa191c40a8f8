package io.agentkit.core;

import io.agentkit.contract.env.AgentBuild;
import io.agentkit.core.chart.ChartException;
import io.agentkit.core.chart.ChartFiles;
import io.agentkit.core.chart.ChartValues;
import io.agentkit.core.chart.PackageChart;
import io.agentkit.core.oci.PushChart;
import io.agentkit.core.oci.PushRequest;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.spec.InvalidSpecException;
import io.agentkit.core.spec.SpecBuilder;
import io.agentkit.core.spec.SpecInput;
import io.agentkit.core.spec.SpecPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The chart goals as plain Java, beside {@link Goals}: each mojo maps its parameters to a settings
 * record and makes one call here.
 */
public final class ChartGoals {

  /** Agent id used only to validate chart defaults: a chart serves any agent, so it has none. */
  private static final String CHART_AGENT_ID = "chart-defaults";
  /** Organization used only to validate the other settings when the build configures none. */
  private static final String PLACEHOLDER_ORGANIZATION = "chart-defaults";

  /**
   * @param chartDirectory the user's chart, or null for the bundled one
   * @param version chart version, or null to keep Chart.yaml's
   * @param appVersion appVersion, or null for the agent image's tag
   * @param timestamp mtime of the archive entries
   */
  public record PackageSettings(Path chartDirectory, String version, String appVersion, Path outputDirectory, Instant timestamp) {}

  private final Goals goals;

  public ChartGoals(Goals goals) {
    this.goals = goals;
  }

  public PackageChart.Result packageChart(PackageSettings settings) throws InvalidSpecException, ChartException, IOException {
    SpecInput configured = goals.config().base();
    AgentSpec spec = chartSpec(configured);
    for (String setting : ChartValues.INSTALL_TIME_SETTINGS) {
      if (configured.isSet(setting)) {
        goals.log().info(configured.originOf(setting).describe(setting) + " is not packaged: with Helm it is chosen at install time"
            + (setting.equals(SpecPaths.PRIVATE_KEY_PATH) ? " (--set-file humanitec.privateKey=...); a chart never holds a key" : " (--namespace, --create-namespace)"));
      }
    }
    ChartFiles chart = settings.chartDirectory() == null
        ? ChartFiles.bundled()
        : ChartFiles.fromDirectory(settings.chartDirectory(), settings.chartDirectory().toString());
    String appVersion = settings.appVersion() != null ? settings.appVersion() : ChartValues.appVersion(spec);
    PackageChart.Request request = new PackageChart.Request(chart, settings.version(), appVersion, ChartValues.of(configured, spec),
        settings.outputDirectory(), settings.timestamp());
    return new PackageChart(goals.log()).run(request);
  }

  public PushChart.Result pushChart(PushRequest request) throws ChartException, IOException {
    return new PushChart(goals.log()).run(request);
  }

  /** The build's agent settings, validated as for any agent; what a chart does not need is filled in. */
  private AgentSpec chartSpec(SpecInput configured) throws InvalidSpecException {
    SpecInput placeholders = new SpecInput(configured.name(), configured.origin());
    placeholders.set(SpecPaths.AGENT_ID, CHART_AGENT_ID, configured.origin());
    if (!configured.isSet(SpecPaths.ORGANIZATIONS)) {
      placeholders.set(SpecPaths.ORGANIZATIONS, List.of(PLACEHOLDER_ORGANIZATION), configured.origin());
    }
    SpecInput input = placeholders.overlay(configured);
    return new SpecBuilder(AgentBuild.current().image()).build(input);
  }
}
