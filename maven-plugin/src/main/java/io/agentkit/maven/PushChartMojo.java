package io.agentkit.maven;

import io.agentkit.core.ChartGoals;
import io.agentkit.core.chart.ChartException;
import io.agentkit.core.chart.SnapshotVersions;
import io.agentkit.core.oci.CredentialSources;
import io.agentkit.core.oci.OciReference;
import io.agentkit.core.oci.PushRequest;
import io.agentkit.core.oci.UploadMethod;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import javax.inject.Inject;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Pushes the packaged chart (and its provenance file, when signed) to an OCI registry the way
 * {@code helm push} does, without a helm binary, or to a Helm HTTP repository (ChartMuseum API or
 * plain PUT). Blobs the registry has are not uploaded again. Credentials come from a settings.xml
 * {@code <server>}, the environment, a Docker/Helm config.json or the credential helper it names,
 * and are only ever sent to the registry's own host. Writes {@code <chart>-<version>.digest} and
 * {@code .reference} for the pipeline. It needs no agent settings.
 *
 * @since 0.1.0
 */
@Mojo(name = "push-chart", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushChartMojo extends RegistryParameters {

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
   * Where to push: {@code oci://host[:port]/path}, as for {@code helm push} (the chart lands at
   * {@code host/path/<chart name>:<version>}), or the {@code https://} URL of a Helm HTTP repository.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.chartRepository")
  private String chartRepository;

  /**
   * The chart archive to push; a {@code <archive>.prov} beside it is pushed too. Default: the one
   * package-chart attached in this build, else {@code ${project.build.directory}/humanitec-agent-<chart version>.tgz}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.chartArchive")
  private File chartArchive;

  /**
   * How to upload to a Helm HTTP repository: {@code chartmuseum} (its API, {@code POST /api/<path>/charts})
   * or {@code put} (Artifactory, Nexus: {@code PUT <url>/<chart>-<version>.tgz}). Not used for OCI.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.uploadMethod", defaultValue = "chartmuseum")
  private String uploadMethod;

  /**
   * Fail when the chart has no provenance file, so a release never publishes an unsigned chart.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.requireProvenance", defaultValue = "false")
  private boolean requireProvenance;

  /**
   * Where {@code <chart>-<version>.digest} (the manifest digest) and {@code .reference} (the full
   * reference, {@code oci://host/path/name:tag@sha256:...}) are written after the push.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.chartOutputDirectory", defaultValue = "${project.build.directory}", required = true)
  private File chartOutputDirectory;

  /**
   * As for package-chart: with {@code timestamp}, the default archive's name carries the timestamped version.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.snapshotVersions", defaultValue = "keep")
  private String snapshotVersions;

  /**
   * Timestamp of the OCI manifest's created annotation, so that the manifest digest is reproducible;
   * {@code SOURCE_DATE_EPOCH} overrides it.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.outputTimestamp", defaultValue = "${project.build.outputTimestamp}")
  private String outputTimestamp;

  /** Where package-chart writes the bundled chart; the fallback when nothing else names an archive. */
  @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
  private File buildDirectory;

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
    boolean http = chartRepository != null && chartRepository.matches("^https?://.*");
    String registry;
    try {
      registry = http ? URI.create(chartRepository).getRawAuthority() : OciReference.parse(chartRepository, "chartRepository").registry();
    } catch (IllegalArgumentException e) {
      throw new ChartException("chartRepository", "'" + chartRepository + "' is not a URL", "write https://host[:port]/path or oci://host[:port]/path");
    }
    if (session().isOffline()) {
      throw new ChartException(null, "push-chart needs the network to reach " + registry + ", but Maven runs offline (-o)",
          "run without -o, or skip the push with -Dhumanitec-agent.skip");
    }
    Instant timestamp = BuildTimestamp.resolve(outputTimestamp, System.getenv("SOURCE_DATE_EPOCH"));
    String id = serverId(registry);
    MavenRegistrySettings settings = new MavenRegistrySettings(session().getSettings(), decrypter);
    PushRequest request = new PushRequest(archive(timestamp), chartRepository, timestamp, connection(settings),
        new CredentialSources(settings.credentials(id), id, System.getenv(), Path.of(System.getProperty("user.home"))),
        chartOutputDirectory.toPath(), requireProvenance, UploadMethod.parse(uploadMethod));
    new ChartGoals(new MavenBuildLog(getLog())).pushChart(request);
  }

  /** The configured archive, else the one package-chart attached in this build, else the bundled chart's name at the project version. */
  private Path archive(Instant timestamp) throws ChartException {
    if (chartArchive != null) {
      return chartArchive.toPath();
    }
    for (Artifact a : project().getAttachedArtifacts()) {
      if (PackageChartMojo.CLASSIFIER.equals(a.getClassifier()) && PackageChartMojo.TYPE.equals(a.getType()) && a.getFile() != null) {
        return a.getFile().toPath();
      }
    }
    String version = SnapshotVersions.apply(project().getVersion(), snapshotVersions, timestamp);
    return buildDirectory.toPath().resolve("humanitec-agent-" + version + ".tgz");
  }
}
