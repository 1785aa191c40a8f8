package io.agentkit.it.tunnel.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Paths the failsafe configuration passes in, and loopback ports. */
public final class ItEnv {

  private ItEnv() {}

  public static Path agentJar() {
    return existing("agentkit.agent.jar");
  }

  public static Path agentJvmArgs() {
    return existing("agentkit.agent.jvmArgs");
  }

  public static Path orchestratorJar() {
    return existing("agentkit.orchestrator.jar");
  }

  public static Path work() {
    Path p = Path.of(System.getProperty("agentkit.work", "target/it-work"));
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return p.toAbsolutePath();
  }

  /** A free loopback port; the tiny race with other processes is acceptable on a test machine. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path existing(String property) {
    String v = System.getProperty(property);
    if (v == null || !Files.exists(Path.of(v))) {
      throw new IllegalStateException(property + " = " + v + " does not exist: build with ./mvnw -pl agent/runtime,orchestrator,it/tunnel -am verify");
    }
    return Path.of(v);
  }
}
