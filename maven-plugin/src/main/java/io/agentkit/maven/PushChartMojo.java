package io.agentkit.maven;

import io.agentkit.core.ChartGoals;
import io.agentkit.core.chart.ChartException;
import io.agentkit.core.oci.OciReference;
import io.agentkit.core.oci.PushRequest;
import io.agentkit.core.oci.RetryPolicy;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import javax.inject.Inject;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Pushes the packaged chart to an OCI registry the way {@code helm push} does, without a helm
 * binary: config blob, chart layer and manifest with Helm's media types and annotations, tagged with
 * the chart version. Blobs the registry has are not uploaded again. Credentials come from a
 * settings.xml {@code <server>}, the environment, or a Docker/Helm config.json. It needs no agent
 * settings: it publishes whatever chart archive it is given.
 *
 * @since 0.1.0
 */
@Mojo(name = "push-chart", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushChartMojo extends AbstractGoalMojo {

  /**
   * Skips this goal only ({@code skip} skips every goal of the plugin).
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.push-chart.skip", defaultValue = "false")
  private boolean skipPushChart;

  @Override
  protected boolean goalSkipped() {
    return skipPushChart;
  }

  /**
   * Where to push: {@code oci://host[:port]/path}, as for {@code helm push}. The chart lands at
   * {@code host/path/<chart name>:<version>}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.chartRepository")
  private String chartRepository;

  /**
   * The chart archive to push. Default: the one package-chart attached in this build, else
   * {@code ${project.build.directory}/humanitec-agent-${project.version}.tgz}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.chartArchive")
  private File chartArchive;

  /** Where package-chart writes the bundled chart; the fallback when nothing else names an archive. */
  @Parameter(defaultValue = "${project.build.directory}/humanitec-agent-${project.version}.tgz", readonly = true)
  private File bundledChartArchive;

  /**
   * Talk plain HTTP to the registry instead of HTTPS (a local test registry). Never chosen silently.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.plainHttp", defaultValue = "false")
  private boolean plainHttp;

  /**
   * Id of the settings.xml {@code <server>} holding the registry's credentials. Default: the
   * registry's {@code host[:port]}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.serverId")
  private String serverId;

  /**
   * Attempts per request when the registry is unreachable or answers 5xx/429; waits double from
   * 0.5 s up to 8 s.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.registryAttempts", defaultValue = "4")
  private int registryAttempts;

  /**
   * Timestamp of the OCI manifest's created annotation, so that the manifest digest is reproducible;
   * {@code SOURCE_DATE_EPOCH} overrides it.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.outputTimestamp", defaultValue = "${project.build.outputTimestamp}")
  private String outputTimestamp;


  private final SettingsDecrypter decrypter;

  @Inject
  public PushChartMojo(SettingsDecrypter decrypter) {
    this.decrypter = decrypter;
  }

  @Override
  protected String goal() {
    return "push-chart";
  }

  @Override
  protected void run() throws ChartException, IOException {
    OciReference target = OciReference.parse(chartRepository, "chartRepository");
    if (session().isOffline()) {
      throw new ChartException(null, "push-chart needs the network to reach " + target.registry() + ", but Maven runs offline (-o)",
          "run without -o, or skip the push with -Dhumanitec-agent.skip");
    }
    if (registryAttempts < 1) {
      throw new ChartException("registryAttempts", registryAttempts + " attempts would never send a request", "use 1 or more (default 4)");
    }
    String id = serverId != null && !serverId.isBlank() ? serverId : target.registry();
    MavenRegistrySettings settings = new MavenRegistrySettings(session().getSettings(), decrypter);
    PushRequest request = new PushRequest(archive(), chartRepository, plainHttp, BuildTimestamp.resolve(outputTimestamp, System.getenv("SOURCE_DATE_EPOCH")),
        settings.credentials(id), id,
        settings.proxy(plainHttp ? "http" : "https"), new RetryPolicy(registryAttempts, RetryPolicy.DEFAULT.initialDelay(), RetryPolicy.DEFAULT.maxDelay()),
        System.getenv(), Path.of(System.getProperty("user.home")));
    new ChartGoals(new MavenBuildLog(getLog())).pushChart(request);
  }

  /** The configured archive, else the one package-chart attached in this build, else the bundled chart's name at the project version. */
  private Path archive() {
    if (chartArchive != null) {
      return chartArchive.toPath();
    }
    for (Artifact a : project().getAttachedArtifacts()) {
      if (PackageChartMojo.CLASSIFIER.equals(a.getClassifier()) && a.getFile() != null) {
        return a.getFile().toPath();
      }
    }
    return bundledChartArchive.toPath();
  }
}
