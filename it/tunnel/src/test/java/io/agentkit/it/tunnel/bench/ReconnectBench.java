package io.agentkit.it.tunnel.bench;

import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.it.tunnel.support.ProxyClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints how long after a SIGKILLed orchestrator is back (its "ready" line) a request through the
 * tunnel succeeds again, over several kill/restart rounds. Run with
 * {@code it/tunnel/src/bench/run.sh ReconnectBench [rounds]}.
 */
public final class ReconnectBench {

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    try (Cluster c = new Cluster("reconnect")) {
      JavaProcess agent = c.startWithOneAgent("bench", "INFO");
      ProxyClient client = c.proxyClient();
      int port = c.target().port();
      List<Double> afterReady = new ArrayList<>();
      List<Double> afterKill = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        // Let the connection become healthy (backoff resets after 10 s up).
        Thread.sleep(11_000);
        long killed = System.nanoTime();
        c.orchestrator().signal("KILL");
        c.orchestrator().awaitExit(Duration.ofSeconds(10));
        agent.awaitLine("Websocket connection lost", r, Duration.ofSeconds(60));
        c.startOrchestrator();
        long ready = System.nanoTime();
        while (true) {
          try {
            client.hello(port);
            break;
          } catch (ProxyClient.Refused e) {
            Thread.sleep(20);
          }
        }
        long ok = System.nanoTime();
        afterReady.add((ok - ready) / 1e6);
        afterKill.add((ok - killed) / 1e6);
        System.out.printf("round %d: request succeeded %.0f ms after the orchestrator was ready (%.0f ms after SIGKILL, including its restart)%n",
            r, afterReady.get(r - 1), afterKill.get(r - 1));
      }
      System.out.printf("median of %d: %.0f ms after ready, %.0f ms after SIGKILL%n", rounds,
          ThroughputBench.median(afterReady), ThroughputBench.median(afterKill));
    }
  }
}
