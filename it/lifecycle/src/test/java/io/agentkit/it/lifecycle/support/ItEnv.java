package io.agentkit.it.lifecycle.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the failsafe configuration passes in, and each test's work directory. */
public final class ItEnv {

  private ItEnv() {}

  /** The agent jar of this build, or {@code AGENTKIT_AGENT_JAR} to check the goals against another build of the agent. */
  public static Path agentJar() {
    return existing("agentkit.agent.jar", "AGENTKIT_AGENT_JAR");
  }

  public static Path agentJvmArgs() {
    return existing("agentkit.agent.jvmArgs");
  }

  /** The orchestrator jar of this build, or {@code AGENTKIT_ORCHESTRATOR_JAR} for another build of it (a branch about to be merged). */
  public static Path orchestratorJar() {
    return existing("agentkit.orchestrator.jar", "AGENTKIT_ORCHESTRATOR_JAR");
  }

  /** The java that runs this test: the runtime JDK the orchestrator and the agent need. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public static Path work(String name) throws IOException {
    Path p = Path.of(System.getProperty("agentkit.work", "target/it-work")).toAbsolutePath().resolve(name + "-" + System.nanoTime());
    return Files.createDirectories(p);
  }

  static Path existing(String property) {
    return existing(property, null);
  }

  static Path existing(String property, String override) {
    String given = override == null ? null : System.getenv(override);
    String v = given != null && !given.isEmpty() ? given : System.getProperty(property);
    if (v == null || !Files.exists(Path.of(v))) {
      throw new IllegalStateException(property + " = " + v + " does not exist: build with ./mvnw -pl it/lifecycle -am verify");
    }
    return Path.of(v);
  }
}
