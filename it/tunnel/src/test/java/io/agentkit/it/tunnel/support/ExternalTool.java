package io.agentkit.it.tunnel.support;

import org.junit.jupiter.api.Assumptions;

/** External programs a test drives: missing fails the test on CI, skips it visibly elsewhere. */
public final class ExternalTool {

  private ExternalTool() {}

  public static void require(String tool) throws Exception {
    boolean present = new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    if (present) {
      return;
    }
    String why = tool + " is not installed (apt-get install -y " + tool + "; see it/tunnel/ci-requirements.sh)";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(why);
    }
    Assumptions.abort(why);
  }
}
