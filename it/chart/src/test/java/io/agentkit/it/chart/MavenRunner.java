package io.agentkit.it.chart;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real Maven builds of the sample project, with the Maven that runs this build. The plugin comes
 * from target/local-repo (installed there by invoker:install); everything else from the user's
 * local repository, read as a file repository, so nothing is downloaded twice.
 */
final class MavenRunner {

  /**
   * Snapshots never come from the user's repository: it may hold another checkout's build of this
   * plugin. Checksums are not there either (a local repository keeps none).
   */
  private static final String RELEASES_ONLY = "<releases><checksumPolicy>ignore</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots>";

  private final Path dir;

  MavenRunner(Path dir) {
    this.dir = dir;
  }

  /** A fresh copy of the sample project, as a clean checkout would be. */
  Path project(String name) throws IOException {
    Path project = Files.createDirectories(dir.resolve(name));
    try (InputStream in = MavenRunner.class.getResourceAsStream("/projects/chart-project/pom.xml")) {
      String pom = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@pluginVersion@", System.getProperty("agentkit.pluginVersion"));
      Files.writeString(project.resolve("pom.xml"), pom);
    }
    return project;
  }

  /** settings.xml for the sample builds, with the given {@code <servers>}/{@code <proxies>} XML. */
  Path settings(String name, String extraXml) throws IOException {
    String userRepo = Path.of(System.getProperty("agentkit.userRepository")).toUri().toString();
    Path settings = dir.resolve(name);
    Files.writeString(settings, "<settings>\n  <localRepository>" + System.getProperty("agentkit.itRepository") + "</localRepository>\n" + extraXml
        + "\n  <profiles><profile><id>user-repository</id><activation><activeByDefault>true</activeByDefault></activation>\n"
        + "    <repositories><repository><id>user-local</id><url>" + userRepo + "</url>" + RELEASES_ONLY + "</repository></repositories>\n"
        + "    <pluginRepositories><pluginRepository><id>user-local</id><url>" + userRepo + "</url>" + RELEASES_ONLY + "</pluginRepository></pluginRepositories>\n"
        + "  </profile></profiles>\n</settings>\n");
    return settings;
  }

  Proc.Result run(Path project, Path settings, String... args) throws Exception {
    return run(Map.of(), project, settings, args);
  }

  /** @param env variables added to the build's environment */
  Proc.Result run(Map<String, String> env, Path project, Path settings, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(mvn().toString(), "-B", "-s", settings.toString()));
    cmd.addAll(List.of(args));
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("MAVEN_OPTS", "-Xmx512m");
    return Proc.run(cmd, all, project, Duration.ofMinutes(5));
  }

  /** Runs and requires BUILD SUCCESS. */
  String ok(Path project, Path settings, String... args) throws Exception {
    Proc.Result r = run(project, settings, args);
    if (r.exit() != 0) {
      throw new AssertionError("mvn " + String.join(" ", args) + " failed:\n" + r.out());
    }
    return r.out();
  }

  static Path mvn() {
    return Path.of(System.getProperty("agentkit.mavenHome"), "bin", "mvn");
  }
}
