package io.agentkit.it.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Await;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.it.tunnel.support.Payload;
import io.agentkit.it.tunnel.support.ProxyClient;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
      // Longer than the longest delay protocol.md allows (30 s), plus a handshake.
      while (body == null && System.nanoTime() - ready < TimeUnit.SECONDS.toNanos(45)) {
        try {
          body = client.hello(port);
        } catch (ProxyClient.Refused e) {
          Thread.sleep(50);
        }
      }
      Duration took = Duration.ofNanos(System.nanoTime() - ready);
      assertThat(body).contains("hello from the target");
      assertThat(agent.isAlive()).isTrue();

      // protocol.md §3 (and Backoff): the n-th failure in a row (the line's attempt=n) waits at most min(30 s, 0.5 s × 2^(n-1)), and the agent
      // is back as soon as the delay it was sleeping when the orchestrator came back has passed.
      List<Delay> delays = reconnectDelaysAfter(agent, "msg=\"Websocket connection lost\"");
      assertThat(delays).as("the agent announced its backoff").isNotEmpty();
      for (Delay d : delays) {
        assertThat(d.seconds()).as("delay after failure #%d, seconds", d.attempt()).isLessThanOrEqualTo(Math.min(30.0, 0.5 * Math.pow(2, d.attempt() - 1)));
      }
      double last = delays.get(delays.size() - 1).seconds();
      System.out.printf("request through the tunnel succeeded %d ms after the restarted orchestrator was ready (last backoff %.3f s, %d failures)%n",
          took.toMillis(), last, delays.size());
      // Slack for one TLS connection, the signed handshake and one proxied request on a loaded machine.
      assertThat(took).isLessThan(Duration.ofMillis((long) (last * 1000)).plusSeconds(5));
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
      // Read at 12.5 MB/s: the transfer takes about 4 s, so SIGTERM after its first 5 MB lands in the middle.
      AtomicLong received = new AtomicLong();
      CompletableFuture<ProxyClient.Download> transfer = CompletableFuture.supplyAsync(() -> {
        try {
          return client.download(port, n, 5, 12_500_000, received);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Await.until("5 MB of the transfer arrived", Duration.ofSeconds(30), () -> received.get() >= 5_000_000 || transfer.isDone());
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

  /** A backoff the agent announced: "Reconnecting in=0.412s attempt=3". */
  private record Delay(double seconds, int attempt) {}

  /** Each "Reconnecting" line the agent printed after the first line matching {@code after}. */
  private static List<Delay> reconnectDelaysAfter(JavaProcess agent, String after) {
    Pattern start = Pattern.compile(after);
    Pattern reconnecting = Pattern.compile("msg=Reconnecting in=([0-9.]+)s attempt=([0-9]+)");
    List<Delay> delays = new ArrayList<>();
    boolean started = false;
    for (String line : agent.output()) {
      started |= start.matcher(line).find();
      Matcher m = reconnecting.matcher(line);
      if (started && m.find()) {
        delays.add(new Delay(Double.parseDouble(m.group(1)), Integer.parseInt(m.group(2))));
      }
    }
    return delays;
  }

  private static Map<String, Integer> openedPerReplica(Cluster c) throws Exception {
    Map<String, Integer> m = new HashMap<>();
    for (JsonNode s : c.sessions(Cluster.ORG, Cluster.AGENT)) {
      m.put(s.get("connection_id").asText(), s.get("opened_streams").asInt());
    }
    return m;
  }
}
