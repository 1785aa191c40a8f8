package io.agentkit.it.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.testing.ClosedPort;
import io.agentkit.core.chart.PackageChart;
import io.agentkit.core.oci.ProxySettings;
import io.agentkit.core.oci.PushChart;
import io.agentkit.core.oci.RetryPolicy;
import java.time.Duration;
import io.agentkit.core.oci.RegistryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push-chart against a real registry, read back by the real helm 3.18 and helm 4.1. */
class RegistryPushIT {

  static final Map<String, Object> SETTINGS = Map.of("organizations", List.of("example-org"));

  @TempDir Path dir;

  @Test
  void helm3AndHelm4PullShowAndTemplateThePushedChart() throws Exception {
    PackageChart.Result chart = ChartFixture.of(dir.resolve("build"), SETTINGS).packageChart("1.4.0-SNAPSHOT");
    try (Registry registry = Registry.anonymous(dir.resolve("registry"))) {
      PushChart.Result pushed = new Pushes().anonymous(chart.archive(), registry.reference("charts/team"), dir);
      assertThat(pushed.reference()).isEqualTo(registry.host() + "/charts/team/humanitec-agent:1.4.0-SNAPSHOT");
      assertThat(pushed.blobsUploaded()).isEqualTo(2);

      for (Helm helm : List.of(Helm.of("helm3", Tools.helm3(), dir), Helm.of("helm4", Tools.helm4(), dir))) {
        String ref = "oci://" + registry.host() + "/charts/team/humanitec-agent";
        Path pulls = Files.createDirectories(dir.resolve("pull-" + helm.label()));
        Proc.Result pull = helm.run("pull", ref, "--version", "1.4.0-SNAPSHOT", "--plain-http", "--destination", pulls.toString());
        assertThat(pull.exit()).as(helm + " pull: " + pull.all()).isZero();
        assertThat(pull.all()).contains("Digest: " + pushed.digest());
        assertThat(Files.readAllBytes(pulls.resolve("humanitec-agent-1.4.0-SNAPSHOT.tgz"))).as(helm + " pulls the bytes pushed").isEqualTo(chart.bytes());

        assertThat(helm.ok("show", "chart", ref, "--version", "1.4.0-SNAPSHOT", "--plain-http"))
            .contains("name: humanitec-agent").contains("version: 1.4.0-SNAPSHOT");
        String templated = helm.ok("template", "humanitec-agent", ref, "--version", "1.4.0-SNAPSHOT", "--plain-http",
            "--namespace", "humanitec-agent", "--set", "humanitec.existingSecret=agent-key");
        assertThat(templated).contains("kind: Deployment").contains("ORGS: \"example-org\"");
        Manifests.validateStrictly(templated);
      }
    }
  }

  /** The digest file holds what the registry reports for the tag, and the reference file is what helm pulls. */
  @Test
  void theDigestFileEqualsTheRegistrysDockerContentDigest() throws Exception {
    PackageChart.Result chart = ChartFixture.of(dir.resolve("build"), SETTINGS).packageChart("1.7.0");
    try (Registry registry = Registry.anonymous(dir.resolve("registry"))) {
      Path target = dir.resolve("target");
      new Pushes().push(chart.archive(), registry.reference("charts"), io.agentkit.core.oci.Connection.of(true), null, Map.of(), dir, target, null);
      java.net.http.HttpResponse<Void> head = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://" + registry.host() + "/v2/charts/humanitec-agent/manifests/1.7.0"))
          .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).header("Accept", io.agentkit.core.oci.MediaTypes.OCI_MANIFEST).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
      String registryDigest = head.headers().firstValue("Docker-Content-Digest").orElseThrow();
      assertThat(Files.readString(target.resolve("humanitec-agent-1.7.0.digest"))).isEqualTo(registryDigest);
      String reference = Files.readString(target.resolve("humanitec-agent-1.7.0.reference")).strip();
      assertThat(reference).isEqualTo("oci://" + registry.host() + "/charts/humanitec-agent:1.7.0@" + registryDigest);
      for (Helm helm : List.of(Helm.of("helm3", Tools.helm3(), dir), Helm.of("helm4", Tools.helm4(), dir))) {
        Path pulls = Files.createDirectories(dir.resolve("pull-" + helm.label()));
        Proc.Result pull = helm.run("pull", reference, "--plain-http", "--destination", pulls.toString());
        assertThat(pull.exit()).as(helm + " pull " + reference + ": " + pull.all()).isZero();
        assertThat(pull.all()).contains("Digest: " + registryDigest);
      }
    }
  }

  @Test
  void aSecondPushOfTheSameBuildUploadsNothing() throws Exception {
    PackageChart.Result chart = ChartFixture.of(dir.resolve("build"), SETTINGS).packageChart("2.0.0");
    try (Registry registry = Registry.anonymous(dir.resolve("registry"))) {
      PushChart.Result first = new Pushes().anonymous(chart.archive(), registry.reference("charts"), dir);
      long writesAfterFirst = writes(registry.log());
      PushChart.Result second = new Pushes().anonymous(chart.archive(), registry.reference("charts"), dir);
      assertThat(first.blobsUploaded()).isEqualTo(2);
      assertThat(first.manifestUploaded()).isTrue();
      assertThat(second.blobsUploaded()).isZero();
      assertThat(second.blobsSkipped()).isEqualTo(2);
      assertThat(second.manifestUploaded()).isFalse();
      assertThat(second.digest()).isEqualTo(first.digest());
      assertThat(writes(registry.log())).as("POST/PUT requests the registry saw").isEqualTo(writesAfterFirst).isEqualTo(3 + 2);
    }
  }

  @Test
  void twoCleanBuildsGiveTheSameArchiveAndManifestDigest() throws Exception {
    PackageChart.Result a = ChartFixture.of(dir.resolve("build-a"), SETTINGS).packageChart("3.1.0");
    PackageChart.Result b = ChartFixture.of(dir.resolve("build-b"), SETTINGS).packageChart("3.1.0");
    assertThat(b.sha256()).isEqualTo(a.sha256());
    assertThat(sha256(Files.readAllBytes(b.archive()))).isEqualTo(sha256(Files.readAllBytes(a.archive()))).isEqualTo(a.sha256());
    try (Registry one = Registry.anonymous(dir.resolve("registry-1")); Registry two = Registry.anonymous(dir.resolve("registry-2"))) {
      PushChart.Result pa = new Pushes().anonymous(a.archive(), one.reference("charts"), dir);
      PushChart.Result pb = new Pushes().anonymous(b.archive(), two.reference("charts"), dir);
      assertThat(pb.digest()).isEqualTo(pa.digest());
    }
  }

  @Test
  void httpsIsTheDefaultAndAPlainHttpRegistryIsNeverUsedSilently() throws Exception {
    PackageChart.Result chart = ChartFixture.of(dir.resolve("build"), SETTINGS).packageChart("1.0.0");
    try (Registry registry = Registry.anonymous(dir.resolve("registry"))) {
      assertThatThrownBy(() -> new Pushes().push(chart.archive(), registry.reference("charts"), false, null, Map.of(), dir))
          .isInstanceOf(RegistryException.class).hasMessageContaining("TLS with " + registry.host()).hasMessageContaining("plainHttp=true");
      assertThat(writes(registry.log())).isZero();
    }
  }

  @Test
  void anUnreachableRegistryFailsAfterTheRetriesNamingIt() throws Exception {
    PackageChart.Result chart = ChartFixture.of(dir.resolve("build"), SETTINGS).packageChart("1.0.0");
    Pushes pushes = new Pushes();
    try (ClosedPort closedPort = new ClosedPort()) {
      int closed = closedPort.port();
      assertThatThrownBy(() -> pushes.anonymous(chart.archive(), "oci://127.0.0.1:" + closed + "/charts", dir))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("chartRepository: registry 127.0.0.1:" + closed + " is not reachable")
          .hasMessageContaining("after 2 attempts");
    }
    assertThat(pushes.log).anyMatch(l -> l.startsWith("WARN") && l.contains("retrying in 50 ms (attempt 2 of 2)"));
  }

  @Test
  void serverErrorsAreRetriedWithBackoffAndABoundOnAttempts() throws Exception {
    PackageChart.Result chart = ChartFixture.of(dir.resolve("build"), SETTINGS).packageChart("1.0.0");
    try (Registry registry = Registry.anonymous(dir.resolve("registry")); ForwardProxy gateway = new ForwardProxy()) {
      ProxySettings proxy = new ProxySettings("127.0.0.1", gateway.port(), null, null, null);
      RetryPolicy three = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(100));
      gateway.failNext(2);
      Pushes pushes = new Pushes();
      PushChart.Result r = pushes.push(chart.archive(), registry.reference("charts"), true, null, Map.of(), dir, proxy, three);
      assertThat(r.blobsUploaded()).isEqualTo(2);
      assertThat(pushes.log.stream().filter(l -> l.startsWith("WARN") && l.contains("answered 503; retrying"))).hasSize(2);

      gateway.failNext(3);
      assertThatThrownBy(() -> new Pushes().push(chart.archive(), registry.reference("other"), true, null, Map.of(), dir, proxy, three))
          .isInstanceOf(RegistryException.class).hasMessageContaining("answered 503");
    }
  }

  @Test
  void aReferenceWithoutTheOciSchemeIsRefused() throws Exception {
    PackageChart.Result chart = ChartFixture.of(dir.resolve("build"), SETTINGS).packageChart("1.0.0");
    assertThatThrownBy(() -> new Pushes().anonymous(chart.archive(), "ghcr.io/my-org/charts", dir))
        .isInstanceOf(RegistryException.class).hasMessageContaining("'ghcr.io/my-org/charts' does not start with oci://")
        .hasMessageContaining("or the https:// URL of a Helm HTTP repository");
  }

  /** Upload requests (POST a session, PUT a blob or manifest) in the registry's access log. */
  static long writes(String log) {
    return log.lines().filter(l -> l.contains("\"POST /v2/") || l.contains("\"PUT /v2/")).count();
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
