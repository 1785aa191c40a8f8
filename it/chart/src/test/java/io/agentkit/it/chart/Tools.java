package io.agentkit.it.chart;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The external programs these tests drive, found through environment variables that
 * {@code .ci/install-chart-tools.sh} exports, else where that script puts them. A missing tool skips
 * the test with the reason, except under CI=true, where it fails: CI must never pass by skipping.
 */
final class Tools {

  private Tools() {}

  static Path helm3() {
    return find("HELM3_BIN", cache("helm-3.18.0/helm"), "helm 3.18.0");
  }

  static Path helm4() {
    return find("HELM4_BIN", cache("helm-4.1.4/helm"), "helm 4.1.4");
  }

  static Path dockerRegistry() {
    return find("DOCKER_REGISTRY_BIN", Path.of("/usr/bin/docker-registry"), "docker-registry (CNCF distribution)");
  }

  /** GnuPG, to make OpenPGP keys the way users make them. */
  static Path gpg() {
    return find("GPG_BIN", Path.of("/usr/bin/gpg"), "gpg (apt-get install -y gnupg)");
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("agentkit.repoRoot", "../.."));
  }

  private static Path cache(String relative) {
    return repoRoot().resolve(".ci/cache").resolve(relative);
  }

  private static Path find(String variable, Path fallback, String what) {
    String configured = System.getenv(variable);
    Path tool = configured != null && !configured.isEmpty() ? Path.of(configured) : fallback;
    if (Files.isExecutable(tool)) {
      return tool;
    }
    String reason = what + " not found at " + tool + " (set " + variable + ", or run: source .ci/install-chart-tools.sh)";
    if ("true".equals(System.getenv("CI"))) {
      fail("CI=true but " + reason);
    }
    Assumptions.abort(reason);
    return null;
  }
}
