package io.agentkit.it.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.it.tunnel.support.Payload;
import io.agentkit.it.tunnel.support.ProxyClient;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Restarts, replicas and draining, each on a fresh orchestrator. */
class ResilienceIT {

  @Test
  void agentReconnectsAfterTheOrchestratorIsKilledAndRestarted() throws Exception {
    try (Cluster c = new Cluster("restart")) {
      JavaProcess agent = c.startWithOneAgent("r1", "DEBUG");
      ProxyClient client = c.proxyClient();
      int port = c.target().port();
      assertThat(client.hello(port)).contains("hello from the target");

      c.orchestrator().signal("KILL");
      assertThat(c.orchestrator().awaitExit(Duration.ofSeconds(10))).isEqualTo(137);
      agent.awaitLine("msg=\"Websocket connection lost\"", Duration.ofSeconds(60));
      c.startOrchestrator();
      long ready = System.nanoTime();
      String body = null;
      while (body == null && System.nanoTime() - ready < TimeUnit.SECONDS.toNanos(10)) {
        try {
          body = client.hello(port);
        } catch (ProxyClient.Refused e) {
          Thread.sleep(50);
        }
      }
      Duration took = Duration.ofNanos(System.nanoTime() - ready);
      System.out.printf("request through the tunnel succeeded %d ms after the restarted orchestrator was ready%n", took.toMillis());
      assertThat(body).contains("hello from the target");
      assertThat(took).isLessThan(Duration.ofSeconds(5));
      assertThat(agent.isAlive()).isTrue();
    }
  }

  @Test
  void streamsSpreadOverTwoReplicasAndContinueWhenOneStops() throws Exception {
    try (Cluster c = new Cluster("replicas")) {
      c.startOrchestrator();
      KeyPair key = TestKeys.rsa4096();
      c.register(Cluster.ORG, Cluster.AGENT, key);
      var keyFile = c.privateKeyFile("agent", key);
      JavaProcess r1 = c.startConnectedAgent("replica-1", c.agentEnv(keyFile, Cluster.ORG, "replica-1"));
      JavaProcess r2 = c.startConnectedAgent("replica-2", c.agentEnv(keyFile, Cluster.ORG, "replica-2"));
      assertThat(c.sessions(Cluster.ORG, Cluster.AGENT)).hasSize(2);

      ProxyClient client = c.proxyClient();
      int port = c.target().port();
      for (int i = 0; i < 20; i++) {
        assertThat(client.hello(port)).contains("hello from the target");
      }
      Map<String, Integer> opened = openedPerReplica(c);
      assertThat(opened).containsOnlyKeys("replica-1", "replica-2");
      assertThat(opened.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(5));

      r1.signal("TERM");
      assertThat(r1.awaitExit(Duration.ofSeconds(30))).isZero();
      for (int i = 0; i < 10; i++) {
        assertThat(client.hello(port)).contains("hello from the target");
      }
      assertThat(openedPerReplica(c)).containsOnlyKeys("replica-2");
      assertThat(r2.isAlive()).isTrue();
    }
  }

  @Test
  void sigtermDuringA50MegabyteTransferLetsItFinishAndExitsZero() throws Exception {
    try (Cluster c = new Cluster("drain")) {
      c.startOrchestrator();
      KeyPair key = TestKeys.rsa4096();
      c.register(Cluster.ORG, Cluster.AGENT, key);
      Map<String, String> env = c.agentEnv(c.privateKeyFile("agent", key), Cluster.ORG, "draining");
      env.put("SHUTDOWN_GRACE_SECONDS", "30");
      JavaProcess agent = c.startConnectedAgent("agent", env);
      ProxyClient client = c.proxyClient();
      int port = c.target().port();
      long n = 50_000_000L;
      // Read at 12.5 MB/s so the transfer takes about 4 s and SIGTERM lands in the middle.
      CompletableFuture<ProxyClient.Download> transfer = CompletableFuture.supplyAsync(() -> {
        try {
          return client.download(port, n, 5, 12_500_000);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(1500);
      assertThat(transfer).isNotDone();
      agent.signal("TERM");
      agent.awaitLine("msg=\"Draining: accepting no new streams\" streams=1", Duration.ofSeconds(5));
      ProxyClient.Download d = transfer.get(60, TimeUnit.SECONDS);
      assertThat(d.bytes()).isEqualTo(n);
      assertThat(d.sha256()).isEqualTo(Payload.sha256(n, 5));
      assertThat(agent.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(c.orchestrator().outputText()).contains("msg=\"Agent draining\"");
    }
  }

  private static Map<String, Integer> openedPerReplica(Cluster c) throws Exception {
    Map<String, Integer> m = new HashMap<>();
    for (JsonNode s : c.sessions(Cluster.ORG, Cluster.AGENT)) {
      m.put(s.get("connection_id").asText(), s.get("opened_streams").asInt());
    }
    return m;
  }
}
