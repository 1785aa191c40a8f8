package io.agentkit.it.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.agent.config.TrustConfig;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.FaultyOrchestrator;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.it.tunnel.support.ProcStats;
import io.agentkit.it.tunnel.support.Slowloris;
import io.agentkit.orchestrator.api.ApiServer;
import io.agentkit.orchestrator.proxy.ConnectProxy;
import io.agentkit.orchestrator.tunnel.TunnelServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator's listeners under what anyone on the internet can do without credentials: hold
 * connections open without finishing them, and (injected) make their handlers fail.
 */
class UnauthenticatedLoadIT {

  private static final int SLOW_CLIENTS = 1500;

  private static HttpClient client(Cluster c) throws Exception {
    return HttpClient.newBuilder().sslContext(TrustConfig.sslContext(c.orchestratorCert())).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static int healthz(HttpClient http, Cluster c) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + c.apiPort() + "/healthz")).timeout(Duration.ofSeconds(10)).build();
    return http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void fifteenHundredSlowClientsLeaveRoomForARealAgentAndHealthz() throws Exception {
    try (Cluster c = new Cluster("slowloris")) {
      JavaProcess orchestrator = c.startOrchestrator();
      KeyPair key = TestKeys.rsa4096();
      c.register(Cluster.ORG, Cluster.AGENT, key);
      HttpClient http = client(c);
      assertThat(healthz(http, c)).isEqualTo(200);
      int threadsBefore = ProcStats.threads(orchestrator.pid());

      try (Slowloris onTunnel = Slowloris.start(c.tunnelPort(), SLOW_CLIENTS, Slowloris.TLS_RECORD);
          Slowloris onApi = Slowloris.start(c.apiPort(), SLOW_CLIENTS, Slowloris.TLS_RECORD);
          Slowloris onProxy = Slowloris.start(c.proxyPort(), SLOW_CLIENTS, "CONNECT ".getBytes(StandardCharsets.US_ASCII))) {
        awaitTrue(() -> onTunnel.connected() + onTunnel.closedByServer() >= SLOW_CLIENTS
            && onApi.connected() + onApi.closedByServer() >= SLOW_CLIENTS && onProxy.connected() + onProxy.closedByServer() >= SLOW_CLIENTS,
            Duration.ofSeconds(30), () -> "every slow client connected or was refused: " + onTunnel + ", " + onApi + ", " + onProxy);
        // Let the trickle begin: every held connection has sent more than its first bytes.
        awaitTrue(() -> onTunnel.notYetTrickled() == 0 && onApi.notYetTrickled() == 0 && onProxy.notYetTrickled() == 0, Duration.ofSeconds(15),
            () -> "every held slow client sent a byte past its prefix: " + onTunnel.notYetTrickled() + ", " + onApi.notYetTrickled() + ", "
                + onProxy.notYetTrickled() + " have not");
        int fds = ProcStats.openFds(orchestrator.pid());
        int threads = ProcStats.threads(orchestrator.pid());
        System.out.printf("under %d slow clients per listener: orchestrator %d fds, %d threads (%d before); held open: tunnel %d, api %d, proxy %d%n",
            SLOW_CLIENTS, fds, threads, threadsBefore, onTunnel.open(), onApi.open(), onProxy.open());
        // Bounded shares: no thread per connection, far fewer descriptors than the attacker holds.
        assertThat(threads).as("orchestrator threads").isLessThan(threadsBefore + 40);
        int heldAtMost = TunnelServer.LIMITS.maxPendingPerSource() + ApiServer.LIMITS.maxPendingPerSource() + ConnectProxy.LIMITS.maxPendingPerSource();
        assertThat(fds).as("orchestrator fds, with at most %d slow clients held", heldAtMost).isLessThan(heldAtMost + 150);
        assertThat(heldAtMost).isLessThan(3 * SLOW_CLIENTS);

        long t0 = System.nanoTime();
        assertThat(healthz(http, c)).isEqualTo(200);
        Duration health = Duration.ofNanos(System.nanoTime() - t0);
        t0 = System.nanoTime();
        JavaProcess agent = c.startAgent("agent", c.agentEnv(c.privateKeyFile("agent", key), Cluster.ORG, "under-attack"));
        agent.awaitLine("msg=\"Connected to websocket tunnel\"", Duration.ofSeconds(30));
        Duration connect = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("under attack: /healthz answered in %d ms, a new agent process connected in %d ms (load %s)%n", health.toMillis(),
            connect.toMillis(), java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
        assertThat(health).as("/healthz under attack").isLessThan(Duration.ofSeconds(1));
        assertThat(connect).as("agent start to connected, under attack").isLessThan(Duration.ofSeconds(5));
        assertThat(c.proxyClient().hello(c.target().port())).contains("hello from the target");

        // Whatever was still held is closed at the 10 s deadline, without the attacker's help.
        awaitTrue(() -> onTunnel.open() == 0 && onApi.open() == 0 && onProxy.open() == 0, Duration.ofSeconds(20),
            () -> "the orchestrator closed every slow client: " + onTunnel + ", " + onApi + ", " + onProxy);
      }
      assertThat(healthz(http, c)).isEqualTo(200);
      assertThat(orchestrator.outputText()).contains("msg=\"Shedding connections\" listener=tunnel");
      assertThat(orchestrator.isAlive()).isTrue();
    }
  }

  @Test
  void theAcceptLoopSurvivesHandlersThatFailAndThreadsThatCannotBeCreated() throws Exception {
    try (Cluster c = new Cluster("faulty")) {
      JavaProcess orchestrator = c.withOrchestratorMain(FaultyOrchestrator.class.getName()).startOrchestrator();
      // One period on every listener first: descriptors the JVM opens once (pollers, classes) are not leaks.
      hammer(c, 1);
      // Sockets are what a handler that fails before closing its connection would leave open; the JVM may
      // open other descriptors lazily (a jar entry, a pipe), which are no leak of ours.
      int socketsBefore = ProcStats.openSockets(orchestrator.pid());
      List<String> fdsBefore = ProcStats.fdTargets(orchestrator.pid());
      // Four more periods of injected failures on every listener; each connection ends, none hangs.
      hammer(c, 4);
      assertThat(orchestrator.count("Cannot start a connection handler.*unable to create native thread")).isGreaterThanOrEqualTo(15);
      assertThat(orchestrator.count("Connection handler failed.*OutOfMemoryError")).isGreaterThanOrEqualTo(15);
      assertThat(orchestrator.count("Connection handler failed.*handler bug")).isGreaterThanOrEqualTo(15);
      awaitTrue(() -> ProcStats.openSockets(orchestrator.pid()) <= socketsBefore, Duration.ofSeconds(10),
          () -> "no socket leaked: " + socketsBefore + " before, " + ProcStats.openSockets(orchestrator.pid()) + " after; descriptors before "
              + fdsBefore + ", after " + ProcStats.fdTargets(orchestrator.pid()));

      // Everything still works, within one period of retries.
      HttpClient http = client(c);
      assertThat(retry(() -> healthz(http, c))).isEqualTo(200);
      KeyPair key = TestKeys.rsa4096();
      retry(() -> c.register(Cluster.ORG, Cluster.AGENT, key));
      retry(() -> c.proxyToken(Cluster.ORG));
      c.startConnectedAgent("agent", c.agentEnv(c.privateKeyFile("agent", key), Cluster.ORG, "faulty"));
      assertThat(retry(() -> c.proxyClient().hello(c.target().port()))).contains("hello from the target");
      assertThat(orchestrator.isAlive()).isTrue();
    }
  }

  /** {@code periods} failure periods of connections to every listener, each read until the orchestrator ends it. */
  private static void hammer(Cluster c, int periods) throws IOException {
    for (int port : new int[] {c.tunnelPort(), c.apiPort(), c.proxyPort()}) {
      for (int i = 0; i < periods * FaultyOrchestrator.PERIOD; i++) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
          s.setSoTimeout(15_000);
          s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          s.getInputStream().readAllBytes();
        } catch (java.net.SocketException reset) {
          // Closed with a reset: ended all the same.
        }
      }
    }
  }

  /** Up to one failure period of attempts: at least one connection of each period is served. */
  private static <T> T retry(Callable<T> call) throws Exception {
    Exception last = null;
    for (int i = 0; i < FaultyOrchestrator.PERIOD; i++) {
      try {
        return call.call();
      } catch (IOException | AssertionError e) {
        last = e instanceof IOException io ? io : new IOException(e);
      }
    }
    throw last;
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private interface Description {
    String get() throws Exception;
  }

  private static void awaitTrue(Condition c, Duration timeout, Description what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!c.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what.get());
      }
      Thread.sleep(100);
    }
  }
}
