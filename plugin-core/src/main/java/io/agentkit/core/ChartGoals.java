package io.agentkit.core;

import io.agentkit.contract.env.AgentBuild;
import io.agentkit.core.chart.ChartException;
import io.agentkit.core.chart.ChartFiles;
import io.agentkit.core.chart.PackageChart;
import io.agentkit.core.oci.PushChart;
import io.agentkit.core.oci.PushRequest;
import io.agentkit.core.render.ChartValues;
import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.SpecInput;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.spec.SpecBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The chart goals as plain Java, beside {@link Goals}: each mojo maps its parameters to a settings
 * record and makes one call here. A chart serves any agent: its defaults are the build's agent
 * settings, validated as chart defaults, with no agent id and no organization required.
 */
public final class ChartGoals {

  /**
   * @param configured the build's agent settings: they become the chart's value defaults
   * @param chartDirectory the user's chart, or null for the bundled one
   * @param version chart version, or null to keep Chart.yaml's
   * @param appVersion appVersion, or null for the agent image's tag
   * @param timestamp mtime of the archive entries
   */
  public record PackageSettings(SpecInput configured, Path chartDirectory, String version, String appVersion, Path outputDirectory, Instant timestamp) {}

  private final BuildLog log;

  public ChartGoals(BuildLog log) {
    this.log = log;
  }

  public PackageChart.Result packageChart(PackageSettings settings) throws InvalidSpecException, ChartException, IOException {
    SpecInput configured = settings.configured();
    AgentSpec defaults = new SpecBuilder(AgentBuild.current().image()).buildChartDefaults(configured);
    defaults.notes().forEach(log::warn);
    for (Setting<?> setting : ChartValues.installTimeSettings()) {
      if (configured.isSet(setting.path())) {
        log.info(configured.originOf(setting.path()).describe(setting.path()) + " is not packaged: with Helm it is chosen at install time ("
            + setting.installForm() + ")");
      }
    }
    ChartFiles chart = settings.chartDirectory() == null
        ? ChartFiles.bundled()
        : ChartFiles.fromDirectory(settings.chartDirectory(), settings.chartDirectory().toString());
    String appVersion = settings.appVersion() != null ? settings.appVersion() : ChartValues.appVersion(defaults);
    PackageChart.Request request = new PackageChart.Request(chart, settings.version(), appVersion, ChartValues.of(defaults),
        settings.outputDirectory(), settings.timestamp());
    return new PackageChart(log).run(request);
  }

  public PushChart.Result pushChart(PushRequest request) throws ChartException, IOException {
    return new PushChart(log).run(request);
  }
}
