package io.agentkit.it.tunnel.bench;

import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.it.tunnel.support.ProcStats;
import io.agentkit.it.tunnel.support.ProxyClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prints throughput of 100 MB downloads from the TLS target: straight, through orchestrator,
 * tunnel and agent, and through OpenSSH {@code ssh -R} when sshd is installed. Rounds are
 * interleaved so a busy machine hurts all three alike; medians are quoted. Not a test: run it with
 * {@code it/tunnel/src/bench/run.sh ThroughputBench [rounds] [raw]} ({@code raw}: only the plain-TCP comparison).
 */
public final class ThroughputBench {

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    long n = 100_000_000L;
    try (Cluster c = new Cluster("bench")) {
      JavaProcess agent = BenchSetup.oneAgent(c);
      ProxyClient client = c.proxyClient();
      int port = c.target().port();
      if (args.length > 1 && args[1].equals("raw")) {
        rawForwarding(client, agent, c.orchestrator(), SshReverse.available() ? c.dir().resolve("ssh-raw") : null, rounds);
        dumpProfile(agent);
        return;
      }
      SshReverse ssh = SshReverse.available() ? SshReverse.start(c.dir().resolve("ssh"), port) : null;
      if (ssh == null) {
        System.out.println("sshd not installed (apt-get install -y openssh-server): no ssh -R column");
      }
      // Warm-up: C2 in all JVMs; the first rounds otherwise measure the JIT.
      for (int i = 0; i < 3; i++) {
        client.download(port, n, 1, 0);
        client.downloadDirect("127.0.0.1", port, n, 1);
        if (ssh != null) {
          client.downloadDirect("127.0.0.1", ssh.port(), n, 1);
        }
      }
      List<Double> direct = new ArrayList<>();
      List<Double> tunnel = new ArrayList<>();
      List<Double> viaSsh = new ArrayList<>();
      List<Double> agentCpu = new ArrayList<>();
      List<Double> orchestratorCpu = new ArrayList<>();
      List<Double> sshCpu = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        direct.add(client.downloadDirect("127.0.0.1", port, n, i).mbPerSecond());
        double a0 = ProcStats.cpuSeconds(agent.pid());
        double o0 = ProcStats.cpuSeconds(c.orchestrator().pid());
        tunnel.add(client.download(port, n, i, 0).mbPerSecond());
        agentCpu.add(ProcStats.cpuSeconds(agent.pid()) - a0);
        orchestratorCpu.add(ProcStats.cpuSeconds(c.orchestrator().pid()) - o0);
        if (ssh != null) {
          double s0 = ssh.cpuSeconds();
          viaSsh.add(client.downloadDirect("127.0.0.1", ssh.port(), n, i).mbPerSecond());
          sshCpu.add(ssh.cpuSeconds() - s0);
        }
        System.out.printf("round %d: direct %.0f MB/s, tunnel %.0f MB/s%s (agent CPU %.2f s, orchestrator CPU %.2f s%s)%n",
            i + 1, direct.get(i), tunnel.get(i), ssh == null ? "" : String.format(", ssh -R %.0f MB/s", viaSsh.get(i)),
            agentCpu.get(i), orchestratorCpu.get(i), ssh == null ? "" : String.format(", ssh + sshd CPU %.2f s", sshCpu.get(i)));
      }
      System.out.printf("100 MB, median of %d rounds: direct %.0f MB/s, tunnel %.0f MB/s%s; CPU per 100 MB: agent %.2f s, orchestrator %.2f s%s%n",
          rounds, median(direct), median(tunnel), ssh == null ? "" : String.format(", ssh -R %.0f MB/s", median(viaSsh)),
          median(agentCpu), median(orchestratorCpu), ssh == null ? "" : String.format(", ssh + sshd %.2f s", median(sshCpu)));
      rawForwarding(client, agent, c.orchestrator(), ssh == null ? null : c.dir().resolve("ssh-raw"), rounds);
      dumpProfile(agent);
      if (ssh != null) {
        ssh.close();
      }
    }
  }

  /**
   * The same comparison without TLS or hashing at the ends: forwarding cost only. CPU seconds per
   * GB of the forwarding processes (agent + orchestrator, ssh + sshd) are printed too: on a machine
   * shared with other work they compare the two more fairly than wall-clock rates.
   */
  private static void rawForwarding(ProxyClient client, JavaProcess agent, JavaProcess orchestrator, java.nio.file.Path sshDir, int rounds)
      throws Exception {
    long n = 1_000_000_000L;
    try (Blaster blaster = new Blaster(); SshReverse ssh = sshDir == null ? null : SshReverse.start(sshDir, blaster.port())) {
      for (int i = 0; i < 3; i++) {
        Blaster.pull(client.connect("127.0.0.1", blaster.port()), n / 2);
        if (ssh != null) {
          Blaster.pull(new java.net.Socket("127.0.0.1", ssh.port()), n / 2);
        }
      }
      List<Double> direct = new ArrayList<>();
      List<Double> tunnel = new ArrayList<>();
      List<Double> viaSsh = new ArrayList<>();
      List<Double> tunnelCpu = new ArrayList<>();
      List<Double> sshCpu = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        direct.add(Blaster.pull(new java.net.Socket("127.0.0.1", blaster.port()), n));
        double t0 = ProcStats.cpuSeconds(agent.pid()) + ProcStats.cpuSeconds(orchestrator.pid());
        tunnel.add(Blaster.pull(client.connect("127.0.0.1", blaster.port()), n));
        tunnelCpu.add(ProcStats.cpuSeconds(agent.pid()) + ProcStats.cpuSeconds(orchestrator.pid()) - t0);
        if (ssh != null) {
          double s0 = ssh.cpuSeconds();
          viaSsh.add(Blaster.pull(new java.net.Socket("127.0.0.1", ssh.port()), n));
          sshCpu.add(ssh.cpuSeconds() - s0);
        }
        System.out.printf("raw round %d: direct %.0f MB/s, tunnel %.0f MB/s (%.2f CPU s)%s%n", i + 1, direct.get(i), tunnel.get(i), tunnelCpu.get(i),
            ssh == null ? "" : String.format(", ssh -R %.0f MB/s (%.2f CPU s)", viaSsh.get(i), sshCpu.get(i)));
      }
      System.out.printf("1 GB plain TCP, median of %d rounds: direct %.0f MB/s, tunnel %.0f MB/s using %.2f CPU s%s%n", rounds,
          median(direct), median(tunnel), median(tunnelCpu),
          ssh == null ? "" : String.format(", ssh -R %.0f MB/s using %.2f CPU s", median(viaSsh), median(sshCpu)));
    }
  }

  /** With AGENT_JAVA_TOOL_OPTIONS=-XX:StartFlightRecording=..., writes the agent's recording to /tmp/agent.jfr. */
  private static void dumpProfile(JavaProcess agent) throws Exception {
    if (System.getenv("AGENT_JAVA_TOOL_OPTIONS") != null) {
      new ProcessBuilder("jcmd", Long.toString(agent.pid()), "JFR.dump", "filename=/tmp/agent.jfr").inheritIO().start().waitFor();
    }
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
