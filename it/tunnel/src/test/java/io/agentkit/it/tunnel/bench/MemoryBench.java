package io.agentkit.it.tunnel.bench;

import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.it.tunnel.support.ProcStats;
import io.agentkit.it.tunnel.support.ProxyClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Prints the agent's resident memory: idle after connecting (settled, as a pod sits most of the
 * time), at the peak of 200 concurrent streams, and settled again afterwards. Run with
 * {@code it/tunnel/src/bench/run.sh MemoryBench [rounds]}.
 */
public final class MemoryBench {

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    try (Cluster c = new Cluster("memory")) {
      JavaProcess agent = c.startWithOneAgent("bench", "INFO");
      ProxyClient client = c.proxyClient();
      int port = c.target().port();
      System.out.printf("idle, 2 s after connecting: %d KiB%n", agent.rssKiB());
      System.out.printf("idle, settled: %d KiB%n", settled(agent));
      for (int r = 1; r <= rounds; r++) {
        ExecutorService pool = Executors.newFixedThreadPool(200);
        List<Future<ProxyClient.Download>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          // 2 MB read at 1 MB/s: all 200 streams are open and moving data at the same time.
          all.add(pool.submit(() -> client.download(port, 2_000_000, 3, 1_000_000)));
        }
        long peak = 0;
        int threads = 0;
        while (all.stream().anyMatch(f -> !f.isDone())) {
          peak = Math.max(peak, agent.rssKiB());
          threads = Math.max(threads, ProcStats.threads(agent.pid()));
          Thread.sleep(100);
        }
        for (Future<ProxyClient.Download> f : all) {
          f.get();
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        System.out.printf("round %d: peak with 200 concurrent streams %d KiB (%d threads); settled afterwards %d KiB%n", r, peak, threads, settled(agent));
      }
    }
  }

  /** Median of five samples once TrimNativeHeapInterval and the pump threads' 30 s idle timeout have had their effect. */
  private static long settled(JavaProcess agent) throws Exception {
    Thread.sleep(35_000);
    long[] s = new long[5];
    for (int i = 0; i < s.length; i++) {
      s[i] = agent.rssKiB();
      Thread.sleep(1000);
    }
    java.util.Arrays.sort(s);
    return s[2];
  }
}
