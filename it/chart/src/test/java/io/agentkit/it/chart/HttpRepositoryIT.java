package io.agentkit.it.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.core.RecordingLog;
import io.agentkit.core.chart.PackageChart;
import io.agentkit.core.chart.PackageOutputs;
import io.agentkit.core.chart.RepositoryIndex;
import io.agentkit.core.chart.SigningKey;
import io.agentkit.core.chart.TestPgpKeys;
import io.agentkit.core.oci.Connection;
import io.agentkit.core.oci.Credentials;
import io.agentkit.core.oci.PushChart;
import io.agentkit.core.oci.RegistryException;
import io.agentkit.core.oci.UploadMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helm HTTP repositories: push-chart uploads with ChartMuseum's API or plain PUT, package-chart
 * writes a static repository's index.yaml, and the real helm 3.18 and 4.1 add each repository and
 * pull (and verify) the chart from it.
 */
class HttpRepositoryIT {

  static final Map<String, Object> SETTINGS = Map.of("organizations", List.of("example-org"));
  static final String USER = "uploader";
  static final String PASSWORD = "repo-Passw0rd-321";

  @TempDir Path dir;

  private PackageChart.Result signedChart(String version, TestPgpKeys keys, Path out) throws Exception {
    PackageChart.Result chart = ChartFixture.of(out, SETTINGS).packageChart(version);
    PackageOutputs.prepare(new PackageOutputs.Options(new PackageOutputs.Signing(keys.writeArmoredSecret(dir.resolve("key-" + version + ".asc")), null, null),
        null, ChartFixture.TIMESTAMP), new RecordingLog()).write(chart);
    return chart;
  }

  private PushChart.Result push(Path archive, String url, UploadMethod method, Pushes pushes) throws Exception {
    return pushes.push(archive, url, Connection.of(true), new Credentials(USER, PASSWORD, "settings.xml server 'charts'"), Map.of(), dir,
        dir.resolve("target"), method);
  }

  /** helm repo add, then helm pull --verify, with both helms; returns the pulled archive of the last one. */
  private void addAndPull(String repositoryUrl, String version, Path keyring, byte[] expected) throws Exception {
    for (Helm helm : List.of(Helm.of("helm3", Tools.helm3(), dir), Helm.of("helm4", Tools.helm4(), dir))) {
      String name = "repo" + Math.abs(repositoryUrl.hashCode());
      helm.ok("repo", "add", name, repositoryUrl, "--force-update");
      Path pulls = Files.createDirectories(dir.resolve("pull-" + helm.label() + "-" + name + "-" + version));
      String out = helm.ok("pull", name + "/humanitec-agent", "--version", version, "--verify", "--keyring", keyring.toString(), "--destination", pulls.toString());
      assertThat(out).as(helm + " pull --verify from " + repositoryUrl).contains("Signed by: Repo Signer <repo@example.com>");
      assertThat(Files.readAllBytes(pulls.resolve("humanitec-agent-" + version + ".tgz"))).isEqualTo(expected);
      System.out.println(helm + " pull --verify " + repositoryUrl + ":\n" + out);
    }
  }

  @Test
  void chartMuseumUploadIsPulledAndVerifiedByBothHelms() throws Exception {
    TestPgpKeys keys = TestPgpKeys.rsa("Repo Signer <repo@example.com>", null);
    Path keyring = keys.writePublicKeyring(dir.resolve("pubring.gpg"));
    PackageChart.Result chart = signedChart("2.0.0", keys, dir.resolve("build"));
    try (HelmRepositoryServer server = new HelmRepositoryServer(USER, PASSWORD, null)) {
      Pushes pushes = new Pushes();
      PushChart.Result r = push(chart.archive(), server.url(""), UploadMethod.CHARTMUSEUM, pushes);
      assertThat(r.reference()).isEqualTo(server.url("/charts/humanitec-agent-2.0.0.tgz"));
      assertThat(server.seen).contains("POST /api/charts (authorized)", "POST /api/prov (authorized)");
      assertThat(Files.readString(dir.resolve("target/humanitec-agent-2.0.0.digest"))).isEqualTo("sha256:" + chart.sha256());
      assertThat(Files.readString(dir.resolve("target/humanitec-agent-2.0.0.reference"))).isEqualTo(server.url("/charts/humanitec-agent-2.0.0.tgz") + "\n");
      assertThat(String.join("\n", pushes.log)).doesNotContain(PASSWORD);

      Pushes again = new Pushes();
      assertThat(push(chart.archive(), server.url(""), UploadMethod.CHARTMUSEUM, again).blobsUploaded()).isZero();
      assertThat(again.log).anyMatch(l -> l.contains("already in " + server.url("") + " with the same bytes, not uploaded"));

      addAndPull(server.url(""), "2.0.0", keyring, chart.bytes());

      PackageChart.Result other = ChartFixture.of(dir.resolve("other"), Map.of("organizations", List.of("other-org"))).packageChart("2.0.0");
      assertThatThrownBy(() -> push(other.archive(), server.url(""), UploadMethod.CHARTMUSEUM, new Pushes()))
          .isInstanceOf(RegistryException.class).hasMessageContaining("already has humanitec-agent-2.0.0.tgz with other content, and does not overwrite it")
          .hasMessageContaining("snapshotVersions=timestamp");
    }
  }

  @Test
  void aPutRepositoryIsPulledAndVerifiedByBothHelms() throws Exception {
    TestPgpKeys keys = TestPgpKeys.rsa("Repo Signer <repo@example.com>", null);
    Path keyring = keys.writePublicKeyring(dir.resolve("pubring.gpg"));
    PackageChart.Result chart = signedChart("2.1.0", keys, dir.resolve("build"));
    try (HelmRepositoryServer server = new HelmRepositoryServer(USER, PASSWORD, null)) {
      push(chart.archive(), server.url("/put-repo/"), UploadMethod.PUT, new Pushes());
      assertThat(server.seen).contains("PUT /put-repo/humanitec-agent-2.1.0.tgz (authorized)", "PUT /put-repo/humanitec-agent-2.1.0.tgz.prov (authorized)");
      addAndPull(server.url("/put-repo"), "2.1.0", keyring, chart.bytes());
    }
  }

  @Test
  void aPlainHttpRepositoryNeedsPlainHttp() throws Exception {
    PackageChart.Result chart = ChartFixture.of(dir.resolve("build"), SETTINGS).packageChart("2.2.0");
    assertThatThrownBy(() -> new Pushes().push(chart.archive(), "http://127.0.0.1:1/charts", Connection.of(false), null, Map.of(), dir, null, UploadMethod.PUT))
        .isInstanceOf(RegistryException.class).hasMessageContaining("is plain HTTP").hasMessageContaining("plainHttp=true");
    assertThatThrownBy(() -> new Pushes().push(chart.archive(), "https://user:pw@charts.example/x", Connection.of(false), null, Map.of(), dir, null, UploadMethod.PUT))
        .isInstanceOf(RegistryException.class).hasMessageContaining("carries credentials").hasMessageNotContaining("pw@");
  }

  @Test
  void aStaticRepositoryIndexIsMergedAndServedToBothHelms() throws Exception {
    TestPgpKeys keys = TestPgpKeys.rsa("Repo Signer <repo@example.com>", null);
    Path keyring = keys.writePublicKeyring(dir.resolve("pubring.gpg"));
    Path site = Files.createDirectories(dir.resolve("site"));
    Files.writeString(site.resolve("index.yaml"), "apiVersion: v1\nentries:\n  other-chart:\n  - apiVersion: v2\n    name: other-chart\n    version: 0.1.0\n"
        + "    created: \"2025-01-01T00:00:00Z\"\n    digest: abc\n    urls:\n    - https://elsewhere.example/other-chart-0.1.0.tgz\ngenerated: \"2025-01-01T00:00:00Z\"\n");
    PackageChart.Result first = null;
    PackageChart.Result second = null;
    for (String version : List.of("3.0.0", "3.1.0-rc.1")) {
      PackageChart.Result chart = ChartFixture.of(dir.resolve("build-" + version), SETTINGS).packageChart(version);
      Path archive = Files.copy(chart.archive(), site.resolve(chart.archive().getFileName()));
      PackageChart.Result inSite = new PackageChart.Result(archive, chart.metadata(), chart.bytes(), chart.sha256());
      PackageOutputs.prepare(new PackageOutputs.Options(new PackageOutputs.Signing(keys.writeArmoredSecret(dir.resolve("k.asc")), null, null),
          new RepositoryIndex.Request(site.resolve("index.yaml"), null, null, ChartFixture.TIMESTAMP), ChartFixture.TIMESTAMP), new RecordingLog()).write(inSite);
      if (first == null) {
        first = chart;
      } else {
        second = chart;
      }
    }
    String index = Files.readString(site.resolve("index.yaml"));
    assertThat(index).contains("other-chart").contains("https://elsewhere.example/other-chart-0.1.0.tgz")
        .contains("- humanitec-agent-3.0.0.tgz").contains("digest: " + first.sha256());
    assertThat(index.indexOf("version: 3.1.0-rc.1")).as("newest first").isLessThan(index.indexOf("version: 3.0.0"));
    try (HelmRepositoryServer server = new HelmRepositoryServer(USER, PASSWORD, site)) {
      addAndPull(server.url("/static"), "3.0.0", keyring, first.bytes());
      addAndPull(server.url("/static"), "3.1.0-rc.1", keyring, second.bytes());
    }
  }
}
