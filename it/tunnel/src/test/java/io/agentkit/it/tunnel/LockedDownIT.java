package io.agentkit.it.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.ExternalTool;
import io.agentkit.it.tunnel.support.JavaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pod's security context, reproduced: a read-only root filesystem (bubblewrap) and an
 * arbitrary non-root user. The agent must start, connect and carry traffic without writing a file.
 */
class LockedDownIT {

  private static final String NOBODY = "65534";

  @Test
  void agentRunsOnAReadOnlyRootAsANonRootUser() throws Exception {
    ExternalTool.require("bwrap");
    ExternalTool.require("setpriv");
    try (Cluster c = new Cluster("locked-down")) {
      c.startOrchestrator();
      KeyPair key = TestKeys.rsa4096();
      c.register(Cluster.ORG, Cluster.AGENT, key);
      Path keyFile = c.privateKeyFile("agent", key);
      // As Kubernetes does with fsGroup and mode 0600: the key belongs to the user the agent runs as.
      UserPrincipalLookupService users = keyFile.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(keyFile, users.lookupPrincipalByName("nobody"));
      Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

      List<String> cmd = new ArrayList<>(List.of("bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--die-with-parent",
          "setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
      cmd.addAll(Cluster.agentCommand());
      JavaProcess agent = c.track(JavaProcess.start("locked-down", cmd, c.agentEnv(keyFile, Cluster.ORG, "ro")));
      agent.awaitLine("msg=\"Connected to websocket tunnel\"", Duration.ofSeconds(60));
      assertThat(c.proxyClient().hello(c.target().port())).contains("hello from the target");
      assertThat(agent.outputText()).doesNotContain("Read-only file system").doesNotContain("Permission denied")
          .doesNotContain("Private key file is too open");
    }
  }
}
