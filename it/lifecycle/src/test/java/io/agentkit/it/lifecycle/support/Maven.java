package io.agentkit.it.lifecycle.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real Maven builds of the sample platform repository, with the Maven and the Java that run this
 * build. The plugin comes from target/local-repo (invoker:install), everything else from the user's
 * local repository read as a file repository. The environment is this test's, without any
 * HUMANITEC_TOKEN unless a test passes one.
 */
public final class Maven {

  /** Releases only, no checksums: the user's local repository may hold another checkout's snapshot of this plugin. */
  private static final String RELEASES_ONLY = "<releases><checksumPolicy>ignore</checksumPolicy></releases><snapshots><enabled>false</enabled></snapshots>";

  public record Result(int exit, String output) {
    public boolean ok() {
      return exit == 0;
    }
  }

  private final Path dir;

  public Maven(Path dir) {
    this.dir = dir;
  }

  /** A fresh copy of the sample project with the given agent and organization. */
  public Path project(String name, String agentId, String organization) throws IOException {
    Path project = Files.createDirectories(dir.resolve(name));
    try (InputStream in = Maven.class.getResourceAsStream("/projects/platform/pom.xml")) {
      String pom = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@pluginVersion@", System.getProperty("agentkit.pluginVersion"))
          .replace("@agentId@", agentId).replace("@organization@", organization);
      Files.writeString(project.resolve("pom.xml"), pom);
    }
    return project;
  }

  /** settings.xml with the given {@code <servers>}/{@code <proxies>} XML. */
  public Path settings(String name, String extraXml) throws IOException {
    String userRepo = Path.of(System.getProperty("agentkit.userRepository")).toUri().toString();
    Path settings = dir.resolve(name);
    Files.writeString(settings, "<settings>\n  <localRepository>" + System.getProperty("agentkit.itRepository") + "</localRepository>\n" + extraXml
        + "\n  <profiles><profile><id>user-repository</id><activation><activeByDefault>true</activeByDefault></activation>\n"
        + "    <repositories><repository><id>user-local</id><url>" + userRepo + "</url>" + RELEASES_ONLY + "</repository></repositories>\n"
        + "    <pluginRepositories><pluginRepository><id>user-local</id><url>" + userRepo + "</url>" + RELEASES_ONLY + "</pluginRepository></pluginRepositories>\n"
        + "  </profile></profiles>\n</settings>\n");
    return settings;
  }

  public static String server(String id, String password) {
    return "<servers><server><id>" + id + "</id><password>" + password + "</password></server></servers>";
  }

  public Result run(Path project, Path settings, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("agentkit.mavenHome"), "bin", "mvn").toString(), "-B", "-s", settings.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "mvn", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().remove("HUMANITEC_TOKEN");
    pb.environment().put("JAVA_HOME", System.getProperty("agentkit.mavenJavaHome"));
    pb.environment().put("MAVEN_OPTS", "-Xmx384m");
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("mvn " + String.join(" ", args) + " did not finish within 5 minutes:\n" + Files.readString(out));
    }
    return new Result(p.exitValue(), Files.readString(out));
  }

  /** Runs and requires BUILD SUCCESS. */
  public String ok(Path project, Path settings, String... args) throws IOException, InterruptedException {
    Result r = run(project, settings, Map.of(), args);
    if (!r.ok()) {
      throw new AssertionError("mvn " + String.join(" ", args) + " failed:\n" + r.output());
    }
    return r.output();
  }

  /** Runs and requires BUILD FAILURE. */
  public String fails(Path project, Path settings, Map<String, String> env, String... args) throws IOException, InterruptedException {
    Result r = run(project, settings, env, args);
    if (r.ok()) {
      throw new AssertionError("mvn " + String.join(" ", args) + " should have failed:\n" + r.output());
    }
    return r.output();
  }
}
