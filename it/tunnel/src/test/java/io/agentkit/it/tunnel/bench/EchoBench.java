package io.agentkit.it.tunnel.bench;

import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.JavaProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many concurrent streams through the CONNECT proxy, against ssh -R and direct in the same run
 * (interleaved rounds, medians, after a warm-up): every client connects at once and echoes 64 KiB.
 * Prints successes, failures, wall time, stream-open p50 and the agent's peak RSS; with
 * {@code stall}, 100 streams of 1-byte writes to targets that never read, for 30 s, beside a bulk
 * transfer. Run with {@code it/tunnel/src/bench/run.sh EchoBench [rounds] [streams ...]} or
 * {@code run.sh EchoBench stall}. {@code BENCH_SSH=off} leaves out the ssh -R column (at 10,000 streams
 * on a loaded machine it takes five minutes a round).
 */
public final class EchoBench {

  public static void main(String[] args) throws Exception {
    boolean stall = args.length > 0 && args[0].equals("stall");
    int rounds = stall || args.length == 0 ? 3 : Integer.parseInt(args[0]);
    // "10000" opens all at once; "10000@1000" keeps at most 1,000 connecting at a time (all stay open together).
    List<String> sizes = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      sizes.add(args[i]);
    }
    if (sizes.isEmpty()) {
      sizes = List.of("1000", "10000");
    }
    try (Cluster c = new Cluster("echo-bench")) {
      JavaProcess agent = BenchSetup.oneAgent(c);
      Process echo = startTarget(c.dir(), stall);
      try {
        int port = targetPort(echo);
        System.out.printf("load before: %s%n", loadavg());
        Thread.sleep(10_000);
        System.out.printf("agent idle RSS, settled: %d KiB (threads: %s)%n", agent.rssKiB(), agent.output().stream()
            .filter(l -> l.contains("msg=Limits")).findFirst().orElse("?"));
        if (stall) {
          stalled(c, agent, port);
          return;
        }
        // BENCH_SSH=off: quick sweeps of the agent's own figures (peak RSS) without the slow baseline.
        boolean sshWanted = !"off".equals(System.getenv("BENCH_SSH"));
        SshReverse ssh = sshWanted && SshReverse.available() ? SshReverse.start(c.dir().resolve("ssh"), port) : null;
        if (ssh == null) {
          System.out.println(sshWanted ? "sshd not installed (apt-get install -y openssh-server): no ssh -R column" : "BENCH_SSH=off: no ssh -R column");
        }
        InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", c.proxyPort());
        InetSocketAddress direct = new InetSocketAddress("127.0.0.1", port);
        String user = Cluster.ORG + "/" + Cluster.AGENT;
        // Warm-up: C2 in every JVM on the path.
        for (int i = 0; i < 3; i++) {
          NioEchoClients.run(proxy, "127.0.0.1:" + port, user, c.proxyToken(Cluster.ORG), 200, 65_536, 60_000);
          if (ssh != null) {
            NioEchoClients.run(new InetSocketAddress("127.0.0.1", ssh.port()), null, null, null, 200, 65_536, 60_000);
          }
        }
        for (String size : sizes) {
          int n = Integer.parseInt(size.split("@")[0]);
          int connecting = size.contains("@") ? Integer.parseInt(size.split("@")[1]) : n;
          Map<String, List<Double>> seconds = new TreeMap<>();
          Map<String, List<Double>> open = new TreeMap<>();
          List<Double> agentPeak = new ArrayList<>();
          for (int r = 1; r <= rounds; r++) {
            report(n, r, "direct", NioEchoClients.run(direct, null, null, null, n, connecting, 65_536, 300_000), seconds, open, -1);
            AtomicLong peak = new AtomicLong();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().start(() -> {
              while (sampling.get()) {
                try {
                  peak.accumulateAndGet(agent.rssKiB(), Math::max);
                  Thread.sleep(50);
                } catch (Exception e) {
                  return;
                }
              }
            });
            NioEchoClients.Result t = NioEchoClients.run(proxy, "127.0.0.1:" + port, user, c.proxyToken(Cluster.ORG), n, connecting, 65_536, 300_000);
            sampling.set(false);
            sampler.join();
            agentPeak.add((double) peak.get());
            report(n, r, "tunnel", t, seconds, open, peak.get());
            String tool = System.getenv("AGENT_JAVA_TOOL_OPTIONS");
            if (tool != null && tool.contains("NativeMemoryTracking")) {
              new ProcessBuilder("jcmd", Long.toString(agent.pid()), "VM.native_memory", "summary").inheritIO().start().waitFor();
            }
            if (ssh != null) {
              report(n, r, "ssh -R", NioEchoClients.run(new InetSocketAddress("127.0.0.1", ssh.port()), null, null, null, n, connecting, 65_536, 300_000),
                  seconds, open, -1);
            }
            System.out.printf("    load %s; agent RSS after the round %d KiB%n", loadavg(), agent.rssKiB());
          }
          System.out.printf("%,d streams x 64 KiB echo (%,d connecting at once), median of %d rounds: %s; stream open p50 %s; agent peak RSS median %.0f KiB (%.0f MiB)%n",
              n, connecting, rounds, medians(seconds, " s"), medians(open, " ms"), ThroughputBench.median(agentPeak), ThroughputBench.median(agentPeak) / 1024);
        }
        if (ssh != null) {
          ssh.close();
        }
      } finally {
        echo.destroyForcibly();
      }
    }
  }

  private static void report(int n, int round, String path, NioEchoClients.Result r, Map<String, List<Double>> seconds,
      Map<String, List<Double>> open, long peakKiB) {
    seconds.computeIfAbsent(path, k -> new ArrayList<>()).add(r.seconds());
    open.computeIfAbsent(path, k -> new ArrayList<>()).add(r.openP50Millis());
    System.out.printf("  %,d streams round %d %-7s: %,d ok, %,d failed%s in %.2f s, open p50 %.2f ms p99 %.2f ms%s%n", n, round, path, r.ok(),
        r.failed(), r.firstFailure() == null ? "" : " (" + r.firstFailure() + ")", r.seconds(), r.openP50Millis(), r.percentile(0.99),
        peakKiB < 0 ? "" : String.format(", agent peak RSS %d KiB", peakKiB));
  }

  private static String medians(Map<String, List<Double>> m, String unit) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(String.format("%.2f", ThroughputBench.median(v))).append(unit));
    return sb.toString();
  }

  /** 100 streams writing one byte at a time to targets that never read, for 30 s, beside a bulk transfer. */
  private static void stalled(Cluster c, JavaProcess agent, int stallPort) throws Exception {
    io.agentkit.it.tunnel.support.ProxyClient client = c.proxyClient();
    try (Blaster blaster = new Blaster()) {
      double before = Blaster.pull(client.connect("127.0.0.1", blaster.port()), 200_000_000L);
      System.out.printf("bulk 200 MB before: %.0f MB/s (load %s)%n", before, loadavg());
      AtomicBoolean run = new AtomicBoolean(true);
      AtomicLong frames = new AtomicLong();
      List<Thread> writers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        Socket s = client.connect("127.0.0.1", stallPort);
        s.setTcpNoDelay(true);
        writers.add(Thread.ofVirtual().start(() -> {
          try (s) {
            OutputStream out = s.getOutputStream();
            while (run.get()) {
              out.write('h');
              frames.incrementAndGet();
            }
          } catch (Exception e) {
            // Stream reset or closed at the end.
          }
        }));
      }
      long peak = 0;
      long end = System.nanoTime() + 30_000_000_000L;
      List<Double> during = new ArrayList<>();
      while (System.nanoTime() < end) {
        during.add(Blaster.pull(client.connect("127.0.0.1", blaster.port()), 100_000_000L));
        peak = Math.max(peak, agent.rssKiB());
      }
      run.set(false);
      for (Thread t : writers) {
        t.interrupt();
      }
      System.out.printf("100 stalled streams of 1-byte writes for 30 s (%,d writes accepted by the proxy): agent peak RSS %d KiB (%.0f MiB); "
          + "bulk beside them: median %.0f MB/s over %d transfers (before: %.0f MB/s); load %s%n", frames.get(), peak, peak / 1024.0,
          ThroughputBench.median(during), during.size(), before, loadavg());
    }
  }

  private static Process startTarget(Path dir, boolean stall) throws Exception {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>(List.of(JavaProcess.java(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        EchoTarget.class.getName()));
    if (stall) {
      cmd.add("stall");
    }
    return new ProcessBuilder(cmd).redirectError(dir.resolve("echo-target.err").toFile()).start();
  }

  private static int targetPort(Process p) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()));
    return Integer.parseInt(r.readLine().trim());
  }

  static String loadavg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
