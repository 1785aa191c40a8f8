package io.agentkit.it.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.contract.testing.ClosedPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** package-chart and push-chart in real Maven builds of a sample project, with settings.xml as users write it. */
class MavenBuildIT {

  static final String ARCHIVE = "target/humanitec-agent-2.3.0-SNAPSHOT.tgz";
  static final String USER = "chart-pusher";
  static final String PASSWORD = "Maven-s3cret";

  @TempDir Path dir;

  @Test
  void twoCleanBuildsPackageTheSameBytesWhichHelmAccepts() throws Exception {
    MavenRunner maven = new MavenRunner(dir);
    Path settings = maven.settings("settings.xml", "");
    Path a = maven.project("build-a");
    Path b = maven.project("build-b");
    String log = maven.ok(a, settings, "package");
    maven.ok(b, settings, "package");
    assertThat(log).contains("Packaged chart humanitec-agent 2.3.0-SNAPSHOT");
    assertThat(Files.readAllBytes(b.resolve(ARCHIVE))).isEqualTo(Files.readAllBytes(a.resolve(ARCHIVE)));

    Helm helm = Helm.of("helm4", Tools.helm4(), dir);
    assertThat(helm.ok("lint", "--strict", a.resolve(ARCHIVE).toString())).contains("0 chart(s) failed");
    String values = helm.ok("show", "values", a.resolve(ARCHIVE).toString());
    assertThat(values).contains("logLevel: DEBUG").contains("memory: \"512Mi\"").contains("org: example-org")
        .contains("# -- Agent log level (LOG_LEVEL)").doesNotContain("PRIVATE KEY");
  }

  @Test
  void pushesWithPlainAndEncryptedSettingsPasswordsAndRefusesAWrongOne() throws Exception {
    MavenRunner maven = new MavenRunner(dir);
    Path project = maven.project("project");
    try (Registry registry = htpasswdRegistry()) {
      String host = registry.host();
      String push = "-Dhumanitec-agent.chartRepository=" + registry.reference("charts");

      Path plain = maven.settings("plain.xml", server(host, PASSWORD));
      String log = maven.ok(project, plain, "package", "humanitec-agent:push-chart", push, "-Dhumanitec-agent.plainHttp");
      assertThat(log).contains("Registry credentials: settings.xml server '" + host + "' (user '" + USER + "')")
          .contains("Pushed " + host + "/charts/humanitec-agent:2.3.0-SNAPSHOT")
          .containsPattern("Digest: sha256:[0-9a-f]{64}")
          .contains("helm install humanitec-agent oci://" + host + "/charts/humanitec-agent --version 2.3.0-SNAPSHOT --plain-http")
          .doesNotContain(PASSWORD);

      Path security = dir.resolve("settings-security.xml");
      String master = encrypted(maven, project, plain, "--encrypt-master-password", "master-of-charts");
      Files.writeString(security, "<settingsSecurity><master>" + master + "</master></settingsSecurity>\n");
      String encryptedPassword = encrypted(maven, project, plain, "--encrypt-password", PASSWORD, "-Dsettings.security=" + security);
      Path encrypted = maven.settings("encrypted.xml", server("chart-registry", encryptedPassword));
      String log2 = maven.ok(project, encrypted, "humanitec-agent:push-chart", push, "-Dhumanitec-agent.plainHttp",
          "-Dhumanitec-agent.serverId=chart-registry", "-Dsettings.security=" + security, "-Dhumanitec-agent.chartArchive=" + project.resolve(ARCHIVE));
      assertThat(log2).contains("Registry credentials: settings.xml server 'chart-registry'").contains("not uploaded").doesNotContain(PASSWORD);

      Path wrong = maven.settings("wrong.xml", server(host, "not-the-password"));
      Proc.Result failed = maven.run(project, wrong, "humanitec-agent:push-chart", push, "-Dhumanitec-agent.plainHttp",
          "-Dhumanitec-agent.chartArchive=" + project.resolve(ARCHIVE));
      assertThat(failed.exit()).isNotZero();
      assertThat(failed.out()).contains("<serverId> (-Dhumanitec-agent.serverId): registry " + host
          + " refused the credentials from settings.xml server '" + host + "' (user '" + USER + "') with 401").doesNotContain("not-the-password");

      Proc.Result offline = maven.run(project, plain, "-o", "humanitec-agent:push-chart", push, "-Dhumanitec-agent.plainHttp");
      assertThat(offline.exit()).isNotZero();
      assertThat(offline.out()).contains("push-chart needs the network to reach " + host + ", but Maven runs offline (-o)");
    }
  }

  @Test
  void pushGoesThroughTheProxyOfSettingsXml() throws Exception {
    MavenRunner maven = new MavenRunner(dir);
    Path project = maven.project("project");
    try (Registry registry = Registry.anonymous(dir.resolve("registry")); ForwardProxy proxy = new ForwardProxy()) {
      Path settings = maven.settings("proxy.xml", "  <proxies><proxy><id>corporate</id><active>true</active><protocol>http</protocol><host>127.0.0.1</host><port>"
          + proxy.port() + "</port></proxy></proxies>");
      maven.ok(project, settings, "package", "humanitec-agent:push-chart", "-Dhumanitec-agent.chartRepository=" + registry.reference("charts"),
          "-Dhumanitec-agent.plainHttp");
      assertThat(proxy.forwarded).contains("PUT http://" + registry.host() + "/v2/charts/humanitec-agent/manifests/2.3.0-SNAPSHOT")
          .allMatch(r -> r.contains("http://" + registry.host() + "/v2/"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "version that is not semver | package | -Dhumanitec-agent.chartVersion=1.0 | <chartVersion> (-Dhumanitec-agent.chartVersion): '1.0' is not a SemVer 2.0 version",
      "chart directory without Chart.yaml | package | -Dhumanitec-agent.chartDirectory=src | <chartDirectory> (-Dhumanitec-agent.chartDirectory): ",
      "values that break the schema | package | -Dhumanitec-agent.chartDirectory=my-chart | the chart's default values break values.schema.json",
      "reference without oci:// | humanitec-agent:push-chart | -Dhumanitec-agent.chartRepository=ghcr.io/my-org/charts | <chartRepository> (-Dhumanitec-agent.chartRepository): 'ghcr.io/my-org/charts' does not start with oci://",
      "registry not reachable | humanitec-agent:push-chart | -Dhumanitec-agent.chartRepository=oci://127.0.0.1:CLOSED/charts | <chartRepository> (-Dhumanitec-agent.chartRepository): registry 127.0.0.1:CLOSED is not reachable"})
  void badInputFailsWithAClearMessage(String name, String goal, String property, String message) throws Exception {
    MavenRunner maven = new MavenRunner(dir);
    Path project = maven.project("project");
    Files.createDirectories(project.resolve("src"));
    writeChartWithStricterSchema(project.resolve("my-chart"));
    try (ClosedPort closedPort = new ClosedPort()) {
      String closed = String.valueOf(closedPort.port());
      Proc.Result r = maven.run(project, maven.settings("settings.xml", ""), "package", goal, property.replace("CLOSED", closed),
          "-Dhumanitec-agent.plainHttp", "-Dhumanitec-agent.registryAttempts=2", "-Dhumanitec-agent.replicas=3");
      assertThat(r.exit()).as(name).isNotZero();
      assertThat(r.out()).as(name).contains("BUILD FAILURE").contains(message.replace("CLOSED", closed));
      if (name.startsWith("values")) {
        assertThat(r.out()).contains("replicaCount");
      }
    }
  }

  /** The bundled chart's source with a schema that allows at most 2 replicas: 3 from the POM must fail before anything is written. */
  private static void writeChartWithStricterSchema(Path chart) throws Exception {
    Path source = Path.of(System.getProperty("agentkit.chartSource"));
    try (var files = Files.walk(source)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = chart.resolve(source.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
    Path schema = chart.resolve("values.schema.json");
    Files.writeString(schema, Files.readString(schema).replace("\"replicaCount\": {\n      \"type\": \"integer\",\n      \"minimum\": 0\n",
        "\"replicaCount\": {\n      \"type\": \"integer\",\n      \"minimum\": 0,\n      \"maximum\": 2\n"));
    assertThat(Files.readString(schema)).contains("\"maximum\": 2");
  }

  private Registry htpasswdRegistry() throws Exception {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    Path htpasswd = dir.resolve("htpasswd");
    Files.writeString(htpasswd, USER + ":" + OpenBSDBCrypt.generate("2a", PASSWORD.toCharArray(), salt, 5) + "\n", StandardCharsets.UTF_8);
    return Registry.htpasswd(dir.resolve("registry"), htpasswd);
  }

  private static String server(String id, String password) {
    return "  <servers><server><id>" + id + "</id><username>" + USER + "</username><password>" + password + "</password></server></servers>";
  }

  /** Maven's own --encrypt-* output: the {...} value. */
  private static String encrypted(MavenRunner maven, Path project, Path settings, String... args) throws Exception {
    Proc.Result r = maven.run(project, settings, args);
    Matcher m = Pattern.compile("\\{[^}\\s]+\\}").matcher(r.out());
    assertThat(m.find()).as("mvn " + List.of(args).get(0) + " printed an encrypted value: " + r.out()).isTrue();
    return m.group();
  }
}
