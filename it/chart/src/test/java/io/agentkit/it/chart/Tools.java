package io.agentkit.it.chart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The external programs these tests drive. The README's test command provisions them before the first
 * module builds ({@code .ci/test-tools.sh}): helm into {@code .ci/cache/}, the rest from apt onto PATH.
 * A missing or wrong tool fails the test naming the command that installs it; nothing is skipped.
 */
final class Tools {

  private static final String PROVISION = "bash .ci/test-tools.sh";
  private static final Map<Path, Boolean> CHECKED = new ConcurrentHashMap<>();

  private Tools() {}

  static Path helm3() {
    return helm("3.18.0");
  }

  static Path helm4() {
    return helm("4.1.4");
  }

  static Path dockerRegistry() {
    return onPath("docker-registry", "docker-registry");
  }

  static Path skopeo() {
    return onPath("skopeo", "skopeo");
  }

  /** GnuPG, to make OpenPGP keys the way users make them. */
  static Path gpg() {
    return onPath("gpg", "gnupg");
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("agentkit.repoRoot", "../.."));
  }

  /** The release {@code .ci/test-tools.sh} unpacks into the cache, checked once by asking the binary. */
  private static Path helm(String version) {
    Path binary = repoRoot().resolve(".ci/cache/helm-" + version + "/helm").toAbsolutePath().normalize();
    if (!Files.isExecutable(binary)) {
      throw new AssertionError("helm " + version + " is not installed at " + binary + "; install it with: " + PROVISION);
    }
    CHECKED.computeIfAbsent(binary, b -> {
      String reported = run(List.of(b.toString(), "version", "--template", "{{.Version}}")).trim();
      if (!reported.equals("v" + version)) {
        throw new AssertionError(b + " reports " + reported + ", not v" + version + "; reinstall it with: rm -r " + b.getParent() + " && " + PROVISION);
      }
      return true;
    });
    return binary;
  }

  private static Path onPath(String command, String debianPackage) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(command + " is not installed; install it with: apt-get install -y " + debianPackage
        + " (the README's test command does this when run as root)");
  }

  private static String run(List<String> command) {
    try {
      Proc.Result r = Proc.run(command, Map.of(), null, Duration.ofSeconds(30));
      if (r.exit() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed (" + r.exit() + "): " + r.all());
      }
      return r.out();
    } catch (java.io.IOException e) {
      throw new AssertionError(String.join(" ", command) + " could not run: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
