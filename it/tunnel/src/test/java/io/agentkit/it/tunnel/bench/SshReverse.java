package io.agentkit.it.tunnel.bench;

import io.agentkit.it.tunnel.support.ProcStats;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSH reverse forwarding on loopback, the baseline the tunnel is measured against: a private
 * sshd on a free port and {@code ssh -N -R} forwarding a free port to the target.
 */
final class SshReverse implements AutoCloseable {

  private final Process sshd;
  private final Process ssh;
  private final int port;

  private SshReverse(Process sshd, Process ssh, int port) {
    this.sshd = sshd;
    this.ssh = ssh;
    this.port = port;
  }

  static boolean available() {
    return Files.isExecutable(Path.of("/usr/sbin/sshd")) && Files.isExecutable(Path.of("/usr/bin/ssh"));
  }

  /** Port on 127.0.0.1 that reaches {@code targetPort} through ssh -R. */
  int port() {
    return port;
  }

  static SshReverse start(Path dir, int targetPort) throws Exception {
    Files.createDirectories(dir);
    Files.createDirectories(Path.of("/run/sshd"));
    run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host").toString()));
    run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("client").toString()));
    Files.copy(dir.resolve("client.pub"), dir.resolve("authorized_keys"));
    int sshdPort = probePort();
    int forwarded = probePort();
    Files.writeString(dir.resolve("sshd_config"), String.join("\n",
        "Port " + sshdPort, "ListenAddress 127.0.0.1", "HostKey " + dir.resolve("host"),
        "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "PidFile " + dir.resolve("sshd.pid"),
        "StrictModes no", "UsePAM no", "PasswordAuthentication no", "PermitRootLogin yes",
        "AllowTcpForwarding yes", "GatewayPorts no", "") );
    Process sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
    waitForPort(sshdPort);
    Process ssh = new ProcessBuilder("ssh", "-N", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "ExitOnForwardFailure=yes", "-i", dir.resolve("client").toString(), "-p", Integer.toString(sshdPort),
        "-R", "127.0.0.1:" + forwarded + ":127.0.0.1:" + targetPort, System.getProperty("user.name") + "@127.0.0.1")
        .redirectErrorStream(true).redirectOutput(dir.resolve("ssh.log").toFile()).start();
    waitForPort(forwarded);
    return new SshReverse(sshd, ssh, forwarded);
  }

  /**
   * A port that was free a moment ago. sshd cannot report a port it picked itself, so this benchmark
   * (never a test) accepts the small race with other processes.
   */
  private static int probePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void waitForPort(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      try {
        new Socket(InetAddress.getLoopbackAddress(), port).close();
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("nothing listens on " + port + " after 15 s");
        }
        Thread.sleep(100);
      }
    }
  }

  private static void run(List<String> cmd) throws Exception {
    if (new ProcessBuilder(cmd).inheritIO().start().waitFor() != 0) {
      throw new IOException("failed: " + cmd);
    }
  }

  /** CPU seconds used so far by ssh, sshd and sshd's per-connection children: the forwarding's cost. */
  double cpuSeconds() throws IOException {
    double total = ProcStats.cpuSeconds(ssh.pid()) + ProcStats.cpuSeconds(sshd.pid());
    for (ProcessHandle h : sshd.descendants().toList()) {
      total += ProcStats.cpuSeconds(h.pid());
    }
    return total;
  }

  @Override
  public void close() {
    ssh.destroy();
    sshd.destroy();
    try {
      ssh.waitFor(5, TimeUnit.SECONDS);
      sshd.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
