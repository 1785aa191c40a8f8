package io.agentkit.maven;

import io.agentkit.core.ChartGoals;
import io.agentkit.core.chart.ChartException;
import io.agentkit.core.chart.PackageChart;
import io.agentkit.core.chart.PackageOutputs;
import io.agentkit.core.chart.RepositoryIndex;
import io.agentkit.core.chart.SigningKey;
import io.agentkit.core.chart.SnapshotVersions;
import io.agentkit.core.settings.InvalidSpecException;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Packages the Helm chart: the bundled humanitec-agent chart, or your own chart directory. Sets the
 * chart version and appVersion, writes the plugin configuration (organization, image, resources, log
 * level, ...) into values.yaml as defaults, keeping its comments, validates Chart.yaml and the values
 * against values.schema.json, and writes a byte-reproducible {@code <name>-<version>.tgz}. The
 * private key is never packaged. A chart serves any agent: the agent settings need no agent id or
 * organization here (the organization may be given at install time). Optionally signs it (Helm's
 * {@code .prov}, OpenPGP) and writes a static repository's {@code index.yaml}.
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
  static final String PROVENANCE_TYPE = "tgz.prov";

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
   * What a {@code -SNAPSHOT} chart version becomes: {@code keep}, or {@code timestamp}, which replaces
   * {@code SNAPSHOT} with the build timestamp ({@code 2.3.0-20261123154500}, UTC, from
   * {@code outputTimestamp}, else the build's start), for registries that refuse to overwrite a tag.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.snapshotVersions", defaultValue = "keep")
  private String snapshotVersions;

  /**
   * Sign the chart: writes {@code <chart>-<version>.tgz.prov} (Helm's provenance file, OpenPGP
   * clear-signed) beside the archive, which {@code helm verify} and {@code helm install --verify}
   * check. push-chart pushes it with the chart.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.sign", defaultValue = "false")
  private boolean sign;

  /**
   * The OpenPGP secret key to sign with: an ASCII-armored key or a binary keyring, as
   * {@code gpg --export-secret-keys [--armor] KEY} writes it.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.signingKey")
  private File signingKey;

  /**
   * Which key of {@code signingKey} signs: key id, fingerprint, or (part of) a user id. Needed only
   * when the file holds more than one key.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.signingKeyId")
  private String signingKeyId;

  /**
   * Id of the settings.xml {@code <server>} whose {@code <passphrase>} (else {@code <password>})
   * unlocks the signing key; encrypted values are decrypted as Maven does.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.signingServerId")
  private String signingServerId;

  /**
   * The environment variable holding the signing key's passphrase, when no {@code signingServerId} is
   * given. The passphrase is never a parameter: it would show in the build's output and process list.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.signingPassphraseVariable", defaultValue = "HELM_KEY_PASSPHRASE")
  private String signingPassphraseVariable;

  /**
   * Write {@code index.yaml} beside the archive, for a static Helm repository (a web server or bucket
   * serving the directory). An existing {@code index.yaml} there, or {@code mergeIndex}, is merged.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.repositoryIndex", defaultValue = "false")
  private boolean repositoryIndex;

  /**
   * The URL the static repository serves the charts from, written into the index entries'
   * {@code urls}. Default: relative URLs (the archive's file name), which helm resolves against the
   * repository's URL.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.repositoryUrl")
  private String repositoryUrl;

  /**
   * The repository's current {@code index.yaml}, whose entries are kept in the new one.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.mergeIndex")
  private File mergeIndex;

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
  private final SettingsDecrypter decrypter;

  @Inject
  public PackageChartMojo(MavenProjectHelper projectHelper, SettingsDecrypter decrypter) {
    this.projectHelper = projectHelper;
    this.decrypter = decrypter;
  }

  @Override
  protected String goal() {
    return "package-chart";
  }

  @Override
  protected void run() throws MojoFailureException, InvalidSpecException, ChartException, IOException {
    String sourceDateEpoch = System.getenv("SOURCE_DATE_EPOCH");
    Instant timestamp = BuildTimestamp.resolve(outputTimestamp, sourceDateEpoch);
    Instant versionTime = BuildTimestamp.isConfigured(outputTimestamp, sourceDateEpoch) ? timestamp : session().getStartTime().toInstant();
    String version = SnapshotVersions.apply(chartVersion, snapshotVersions, versionTime);
    PackageOutputs outputs = PackageOutputs.prepare(new PackageOutputs.Options(signing(), index(timestamp), timestamp), new MavenBuildLog(getLog()));
    ChartGoals.PackageSettings settings = new ChartGoals.PackageSettings(specInput(),
        chartDirectory == null ? null : chartDirectory.toPath(), version, appVersion, chartOutputDirectory.toPath(), timestamp);
    PackageChart.Result result = new ChartGoals(new MavenBuildLog(getLog())).packageChart(settings);
    PackageOutputs.Written written = outputs.write(result);
    if (attachChart) {
      projectHelper.attachArtifact(project(), TYPE, CLASSIFIER, result.archive().toFile());
      if (written.provenance() != null) {
        projectHelper.attachArtifact(project(), PROVENANCE_TYPE, CLASSIFIER, written.provenance().toFile());
      }
    }
  }

  private PackageOutputs.Signing signing() throws ChartException {
    if (!sign) {
      return null;
    }
    SigningKey.Passphrase passphrase;
    if (signingServerId != null && !signingServerId.isBlank()) {
      passphrase = new MavenRegistrySettings(session().getSettings(), decrypter).passphrase(signingServerId);
    } else {
      String value = signingPassphraseVariable == null || signingPassphraseVariable.isBlank() ? null : System.getenv(signingPassphraseVariable);
      passphrase = value == null || value.isEmpty() ? null : new SigningKey.Passphrase(value.toCharArray(), "environment variable " + signingPassphraseVariable);
    }
    return new PackageOutputs.Signing(signingKey == null ? null : signingKey.toPath(), signingKeyId, passphrase);
  }

  private RepositoryIndex.Request index(Instant timestamp) {
    if (!repositoryIndex) {
      return null;
    }
    return new RepositoryIndex.Request(chartOutputDirectory.toPath().resolve("index.yaml"), mergeIndex == null ? null : mergeIndex.toPath(), repositoryUrl,
        timestamp);
  }
}
