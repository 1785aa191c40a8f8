package io.agentkit.it.tunnel.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * External programs a test drives. The README's test command installs them ({@code .ci/test-tools.sh});
 * a missing one fails the test naming the command that installs it, never skips it.
 */
public final class ExternalTool {

  private static final Map<String, String> DEBIAN_PACKAGES = Map.of("bwrap", "bubblewrap", "setpriv", "util-linux", "umoci", "umoci", "curl", "curl");

  private ExternalTool() {}

  public static void require(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir.isEmpty() ? "." : dir, tool))) {
        return;
      }
    }
    throw new AssertionError(tool + " is not installed; install it with: apt-get install -y " + DEBIAN_PACKAGES.getOrDefault(tool, tool)
        + " (the README's test command does this when run as root)");
  }
}
