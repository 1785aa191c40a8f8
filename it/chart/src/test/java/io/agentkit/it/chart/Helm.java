package io.agentkit.it.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real helm binary with its own cache, config and data directories, so runs never touch the user's. */
record Helm(String label, Path binary, Path home) {

  static Helm of(String label, Path binary, Path tempDir) throws IOException {
    Path home = Files.createDirectories(tempDir.resolve("helm-home-" + label));
    return new Helm(label, binary, home);
  }

  Proc.Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.toString());
    cmd.addAll(List.of(args));
    return Proc.run(cmd, Map.of(
        "HELM_CACHE_HOME", home.resolve("cache").toString(),
        "HELM_CONFIG_HOME", home.resolve("config").toString(),
        "HELM_DATA_HOME", home.resolve("data").toString()), null, Duration.ofMinutes(2));
  }

  /** Runs and requires success, returning stdout. */
  String ok(String... args) throws IOException, InterruptedException {
    Proc.Result r = run(args);
    if (r.exit() != 0) {
      throw new AssertionError(label + " " + String.join(" ", shown(args)) + " failed (" + r.exit() + "):\n" + r.all());
    }
    return r.out();
  }

  /**
   * Runs and requires helm's error exit (1: it reported the problem; a crash or a signal exits otherwise),
   * returning everything it printed.
   */
  String fails(String... args) throws IOException, InterruptedException {
    Proc.Result r = run(args);
    if (r.exit() != 1) {
      throw new AssertionError(label + " " + String.join(" ", shown(args)) + " exited " + r.exit() + ", expected 1 (an error):\n" + r.all());
    }
    return r.all();
  }

  private static List<String> shown(String... args) {
    return List.of(args).stream().map(a -> a.contains("PRIVATE KEY") ? "[key redacted]" : a).toList();
  }

  @Override
  public String toString() {
    return label;
  }
}
