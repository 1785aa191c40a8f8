package io.agentkit.it.tunnel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Paths the failsafe configuration passes in, and each test's own working directory. */
public final class ItEnv {

  private static Path work;

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

  /**
   * This run's working directory (target/it-work), emptied when the run first asks for it: files from
   * an earlier run never mix with this one's, and this run's stay for a post-mortem.
   */
  public static synchronized Path work() {
    if (work == null) {
      Path p = Path.of(System.getProperty("agentkit.work", "target/it-work")).toAbsolutePath();
      try {
        deleteTree(p);
        Files.createDirectories(p);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare " + p, e);
      }
      work = p;
    }
    return work;
  }

  /** A new, empty directory under {@link #work()} for one test or test class: {@code name}, or {@code name-2}, ... */
  public static synchronized Path freshDir(String name) {
    try {
      for (int n = 1; ; n++) {
        Path dir = work().resolve(n == 1 ? name : name + "-" + n);
        if (!Files.exists(dir)) {
          return Files.createDirectories(dir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(f);
      }
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
