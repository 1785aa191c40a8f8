package io.agentkit.it.tunnel.bench;

import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.it.tunnel.support.ProxyClient;
import io.agentkit.tunnel.mux.Limits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The heap an open stream costs at each end while no data moves: what {@code Limits.STREAM_COST}
 * stands for, since the stream caps of both ends are derived from it. Each round opens {@code streams}
 * CONNECT streams through the proxy to a target that accepts and holds them, and reads the agent's and
 * the orchestrator's live heap (the total of {@code jcmd GC.class_histogram}, which collects first)
 * with none open and with all open. Run with
 * {@code it/tunnel/src/bench/run.sh StreamCostBench [streams] [rounds]}.
 */
public final class StreamCostBench {

  public static void main(String[] args) throws Exception {
    int streams = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    try (Cluster c = new Cluster("stream-cost"); ServerSocket holder = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress())) {
      JavaProcess agent = c.startWithOneAgent("bench", "INFO");
      JavaProcess orchestrator = c.orchestrator();
      ProxyClient client = c.proxyClient();
      ConcurrentLinkedQueue<Socket> held = new ConcurrentLinkedQueue<>();
      Thread accept = Thread.ofPlatform().daemon().start(() -> {
        try {
          while (true) {
            held.add(holder.accept());
          }
        } catch (IOException e) {
          // Closed at the end.
        }
      });
      // A first round of the same size, not counted: classes, JIT code and pools the streams use exist before measuring.
      List<Double> agentCost = new ArrayList<>();
      List<Double> orchestratorCost = new ArrayList<>();
      for (int r = 0; r <= rounds; r++) {
        long agentBefore = liveHeap(agent);
        long orchestratorBefore = liveHeap(orchestrator);
        List<Socket> open = new ArrayList<>(streams);
        for (int i = 0; i < streams; i++) {
          open.add(client.connect("127.0.0.1", holder.getLocalPort()));
        }
        while (held.size() < streams) {
          Thread.sleep(50);
        }
        long agentWith = liveHeap(agent);
        long orchestratorWith = liveHeap(orchestrator);
        for (Socket s : open) {
          s.close();
        }
        for (Socket s; (s = held.poll()) != null; ) {
          s.close();
        }
        if (r > 0) {
          double agentPerStream = (agentWith - agentBefore) / (double) streams;
          double orchestratorPerStream = (orchestratorWith - orchestratorBefore) / (double) streams;
          agentCost.add(agentPerStream);
          orchestratorCost.add(orchestratorPerStream);
          System.out.printf("round %d, %d streams open: agent %.0f bytes per stream (live heap %.1f -> %.1f MiB), "
              + "orchestrator %.0f bytes per stream (%.1f -> %.1f MiB); load %s%n", r, streams, agentPerStream, agentBefore / 1048576.0,
              agentWith / 1048576.0, orchestratorPerStream, orchestratorBefore / 1048576.0, orchestratorWith / 1048576.0, EchoBench.loadavg());
        }
        Thread.sleep(3000);
      }
      System.out.printf("median of %d rounds: agent %.0f bytes per open stream, orchestrator %.0f (Limits.STREAM_COST: %d)%n", rounds,
          ThroughputBench.median(agentCost), ThroughputBench.median(orchestratorCost), Limits.STREAM_COST);
      holder.close();
      accept.join(5000);
    }
  }

  /** Bytes of live objects after a full collection: the last line of the class histogram, "Total <instances> <bytes>". */
  static long liveHeap(JavaProcess process) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 3 && f[0].equals("Total")) {
        return Long.parseLong(f[2]);
      }
    }
    throw new IOException("no histogram total from jcmd " + process.pid() + ": " + out.lines().limit(3).toList());
  }
}
