package io.agentkit.it.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release command of the README, against a real registry: one build publishes the agent image
 * and the chart, the chart's default image is the image just pushed, and two clean builds from two
 * copies of the sources publish the same image digest and the same chart digest.
 */
class ReleasePipelineIT {

  private static final Set<String> NOT_SOURCES = Set.of("target", ".git", "cache", ".humanitec-agent", "node_modules");
  private static final Pattern CHART_DIGEST = Pattern.compile("Digest: (sha256:[0-9a-f]{64})");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  record Release(String imageDigest, String chartDigest) {}

  @Test
  void releasePublishesImageAndChartReproducibly() throws Exception {
    Path helm4 = Tools.helm4();
    Path skopeo = Tools.skopeo();
    try (Registry registry = Registry.anonymous(tmp.resolve("registry"))) {
      String destination = registry.host() + "/agent-kit";
      String version = System.getProperty("agentkit.pluginVersion");

      Release first = release(copySources("first"), destination);
      Release second = release(copySources("second"), destination);
      System.out.printf("release: image %s, chart %s (first build); image %s, chart %s (second build)%n",
          first.imageDigest(), first.chartDigest(), second.imageDigest(), second.chartDigest());
      assertThat(second).isEqualTo(first);

      JsonNode image = JSON.readTree(Proc.run(List.of(skopeo.toString(), "inspect", "--tls-verify=false", "docker://" + destination + "/humanitec-agent:" + version),
          Map.of(), null, Duration.ofMinutes(1)).out());
      assertThat(image.path("Digest").asText()).isEqualTo(first.imageDigest());
      assertThat(image.path("Labels").path("org.opencontainers.image.version").asText()).isEqualTo(version);

      Helm helm = Helm.of("helm4", helm4, tmp);
      String chart = "oci://" + destination + "/charts/humanitec-agent";
      Path pulled = Files.createDirectories(tmp.resolve("pulled"));
      Proc.Result pull = helm.run("pull", chart, "--version", version, "--plain-http", "--destination", pulled.toString());
      assertThat(pull.exit()).as(pull.all()).isZero();
      // helm prints what it pulled on stderr.
      assertThat(pull.all()).contains("Digest: " + first.chartDigest());
      assertThat(tmp.resolve("pulled/humanitec-agent-" + version + ".tgz")).exists();
      String rendered = helm.ok("template", "humanitec-agent", chart, "--version", version, "--plain-http",
          "--set", "humanitec.org=my-org", "--set", "humanitec.existingSecret=agent-key");
      assertThat(rendered).contains("image: \"" + destination + "/humanitec-agent:" + version + "\"");
    }
  }

  private Release release(Path sources, String destination) throws Exception {
    List<String> cmd = List.of(MavenRunner.mvn().toString(), "-B", "deploy", "-Prelease,hermetic", "-Dregistry=" + destination,
        "-Djib.allowInsecureRegistries=true", "-Dhumanitec-agent.plainHttp=true", "-DskipTests", "-Dinvoker.skip",
        // A repository of this test's own; the user's is only read, as a tail, so nothing is downloaded twice.
        "-Dmaven.repo.local=" + tmp.resolve("m2"), "-Dmaven.repo.local.tail=" + System.getProperty("agentkit.userRepository"),
        "-pl", "image,distribution", "-am");
    Proc.Result r = Proc.run(cmd, Map.of("MAVEN_OPTS", "-Xmx512m"), sources, Duration.ofMinutes(10));
    if (r.exit() != 0) {
      throw new AssertionError("release build failed:\n" + r.all());
    }
    Matcher chart = CHART_DIGEST.matcher(r.out());
    assertThat(chart.find()).as("push-chart prints the manifest digest").isTrue();
    String image = Files.readString(sources.resolve("image/target/jib-image.digest")).trim();
    return new Release(image, chart.group(1));
  }

  /** The sources as a clean checkout has them: no build output, caches or keys. */
  private Path copySources(String name) throws IOException {
    Path root = Tools.repoRoot().toAbsolutePath().normalize();
    Path copy = tmp.resolve(name);
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.filter(p -> root.relativize(p).toString().isEmpty() || !excluded(root.relativize(p)))::iterator) {
        Path target = copy.resolve(root.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return copy;
  }

  private static boolean excluded(Path relative) {
    for (Path part : relative) {
      if (NOT_SOURCES.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }
}
