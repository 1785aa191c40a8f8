package io.agentkit.it.tunnel.bench;

import io.agentkit.it.tunnel.support.ProcStats;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSH reverse forwarding on loopback, the baseline the tunnel is measured against: a private
 * sshd on a free port and {@code ssh -N -R} forwarding a port sshd picks to the target.
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
    String config = String.join("\n",
        "ListenAddress 127.0.0.1", "HostKey " + dir.resolve("host"),
        "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "PidFile " + dir.resolve("sshd.pid"),
        "StrictModes no", "UsePAM no", "PasswordAuthentication no", "PermitRootLogin yes",
        "AllowTcpForwarding yes", "GatewayPorts no", "");
    // sshd cannot listen on a port of its own choosing and report it: offer it free ports until one binds.
    Process sshd = null;
    int sshdPort = 0;
    for (int attempt = 1; sshd == null; attempt++) {
      sshdPort = freePort();
      Files.writeString(dir.resolve("sshd_config"), "Port " + sshdPort + "\n" + config);
      Process started = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
      // Its own line, not a connection: another process may have taken the port meanwhile.
      if (awaitLog(dir.resolve("sshd.log"), "Server listening on 127\\.0\\.0\\.1 port (" + sshdPort + ")", started) != null) {
        sshd = started;
      } else {
        started.destroy();
      }
      if (sshd == null && attempt == 5) {
        throw new IOException("sshd did not start listening in 5 attempts: " + Files.readString(dir.resolve("sshd.log")));
      }
    }
    // -R 0: sshd picks the forwarded port and ssh reports it ("Allocated port N for remote forward").
    Process ssh = new ProcessBuilder("ssh", "-N", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "ExitOnForwardFailure=yes", "-i", dir.resolve("client").toString(), "-p", Integer.toString(sshdPort),
        "-R", "127.0.0.1:0:127.0.0.1:" + targetPort, System.getProperty("user.name") + "@127.0.0.1")
        .redirectErrorStream(true).redirectOutput(dir.resolve("ssh.log").toFile()).start();
    String forwarded = awaitLog(dir.resolve("ssh.log"), "Allocated port (\\d+) for remote forward", ssh);
    if (forwarded == null) {
      throw new IOException("ssh -R reported no allocated port: " + Files.readString(dir.resolve("ssh.log")));
    }
    return new SshReverse(sshd, ssh, Integer.parseInt(forwarded));
  }

  /** A port that was free a moment ago; the caller retries when another process took it meanwhile. */
  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * The first group of {@code pattern} in {@code log} once the process writes it (15 s at most), or
   * null when the process exits without writing it.
   */
  private static String awaitLog(Path log, String pattern, Process owner) throws Exception {
    java.util.regex.Pattern p = java.util.regex.Pattern.compile(pattern);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      boolean alive = owner.isAlive();
      java.util.regex.Matcher m = p.matcher(Files.readString(log));
      if (m.find()) {
        return m.group(1);
      }
      if (!alive) {
        return null;
      }
      Thread.sleep(100);
    }
    return null;
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
