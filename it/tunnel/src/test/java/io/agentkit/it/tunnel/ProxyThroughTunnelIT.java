package io.agentkit.it.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Await;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.ExternalTool;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.it.tunnel.support.Payload;
import io.agentkit.it.tunnel.support.ProxyClient;
import io.agentkit.it.tunnel.support.TlsTarget;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Clients reaching a TLS target through orchestrator, tunnel and one agent. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyThroughTunnelIT {

  private Cluster cluster;
  private JavaProcess agent;
  private ProxyClient client;
  private int targetPort;

  @BeforeAll
  void start() throws Exception {
    cluster = new Cluster("proxy");
    agent = cluster.startWithOneAgent("replica-1", "DEBUG");
    client = cluster.proxyClient();
    targetPort = cluster.target().port();
  }

  @AfterAll
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void curlThroughTheConnectProxyReachesTheTargetWithTlsEndToEnd() throws Exception {
    ExternalTool.require("curl");
    Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "20",
        "-x", "http://127.0.0.1:" + cluster.proxyPort(), "-U", Cluster.ORG + "/" + Cluster.AGENT + ":" + cluster.proxyToken(Cluster.ORG),
        "--cacert", cluster.target().cert().toString(), "-w", "\n%{http_code} %{ssl_verify_result}",
        "https://localhost:" + targetPort + "/hello").redirectErrorStream(true).start();
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor()).as(out).isZero();
    // Body from the target, HTTP 200, and certificate verification result 0 (the target's own cert).
    assertThat(out).contains("hello from the target").endsWith("200 0");
  }

  @Test
  void agentWithoutConnectionAnswers502() throws Exception {
    cluster.register(Cluster.ORG, "idle-agent", TestKeys.rsa("idle", 4096));
    ProxyClient idle = cluster.proxyClient(Cluster.ORG, "idle-agent");
    assertThatThrownBy(() -> idle.connect("localhost", targetPort))
        .isInstanceOfSatisfying(ProxyClient.Refused.class, r -> assertThat(r.status).isEqualTo(502));
  }

  @Test
  void targetThatDoesNotAnswerTheDialAnswers504() throws Exception {
    // A listener whose accept queue is full: Linux drops further SYNs, so the agent's dial hangs.
    try (ServerSocket stuck = new ServerSocket()) {
      stuck.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      List<Socket> fillers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Socket s = new Socket();
        try {
          s.connect(stuck.getLocalSocketAddress(), 300);
          fillers.add(s);
        } catch (java.io.IOException e) {
          s.close();
          break;
        }
      }
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> client.connect("127.0.0.1", stuck.getLocalPort()))
          .isInstanceOfSatisfying(ProxyClient.Refused.class, r -> assertThat(r.status).isEqualTo(504));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
      for (Socket s : fillers) {
        s.close();
      }
    }
  }

  @Test
  void hundredMegabytesArriveBitExact() throws Exception {
    long n = 100_000_000L;
    ProxyClient.Download d = client.download(targetPort, n, 42, 0);
    assertThat(d.bytes()).isEqualTo(n);
    assertThat(d.sha256()).isEqualTo(Payload.sha256(n, 42));
    System.out.printf("100 MB through the tunnel: %.0f MB/s (%d ms)%n", d.mbPerSecond(), d.nanos() / 1_000_000);
  }

  @Test
  void twoHundredConcurrentStreamsAllSucceed() throws Exception {
    int streams = 200;
    long n = 256 * 1024;
    String expected = Payload.sha256(n, 7);
    ExecutorService pool = Executors.newFixedThreadPool(streams);
    try {
      List<Future<ProxyClient.Download>> results = new ArrayList<>();
      for (int i = 0; i < streams; i++) {
        results.add(pool.submit(() -> client.download(targetPort, n, 7, 0)));
      }
      for (Future<ProxyClient.Download> f : results) {
        ProxyClient.Download d = f.get(120, TimeUnit.SECONDS);
        assertThat(d.bytes()).isEqualTo(n);
        assertThat(d.sha256()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.printf("agent RSS after 200 concurrent streams: %d KiB%n", agent.rssKiB());
  }

  @Test
  void aStalledReaderDoesNotSlowAnotherStreamNorGrowAgentMemory() throws Exception {
    long baselineRss = agent.rssKiB();
    TlsTarget target = cluster.target();
    // Stream A asks for 1 GB and never reads: only windows' worth may pile up anywhere.
    try (SSLSocket stalled = client.connectTls(targetPort)) {
      stalled.getOutputStream().write("GET /bytes?n=1000000000&seed=1 HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      stalled.getOutputStream().flush();
      Await.until("the target sends stream A's body", Duration.ofSeconds(30), () -> target.bytesSent(1) > 0);
      long n = 50_000_000L;
      ProxyClient.Download b = client.download(targetPort, n, 9, 0);
      assertThat(b.sha256()).isEqualTo(Payload.sha256(n, 9));
      // Generous for a loaded 2-core machine; a blocked tunnel would never finish at all.
      assertThat(Duration.ofNanos(b.nanos())).isLessThan(Duration.ofSeconds(30));
      System.out.printf("50 MB beside a stalled stream: %.0f MB/s%n", b.mbPerSecond());
      long stalledRss = agent.rssKiB();
      // Flow control has stopped stream A once the target's writes stop advancing: all that can pile up has.
      awaitStalled(target, 1);
      assertThat(agent.rssKiB()).as("agent RSS with a stalled stream, KiB (baseline %d)", baselineRss)
          .isLessThan(Math.max(baselineRss, stalledRss) + 32 * 1024);
      // The stalled stream is still usable: it reads its bytes in order once the client reads.
      InputStream in = stalled.getInputStream();
      byte[] head = new byte[12];
      assertThat(in.readNBytes(head, 0, 12)).isEqualTo(12);
      assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
    }
    assertThat(agent.rssKiB()).isLessThan(baselineRss + 48 * 1024);
  }

  @Test
  void thousandOpenCloseCyclesLeaveNoFileDescriptorsBehind() throws Exception {
    for (int i = 0; i < 20; i++) {
      client.connect("127.0.0.1", targetPort).close();
    }
    // The warm-up streams are gone at both ends before the baseline is taken.
    TlsTarget target = cluster.target();
    Await.until("the warm-up streams closed", Duration.ofSeconds(30),
        () -> target.open() == 0 && activeStreams() == 0);
    int before = agent.openFds();
    for (int i = 0; i < 1000; i++) {
      try (Socket s = client.connect("127.0.0.1", targetPort)) {
        s.getOutputStream().write(0x16);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int after = agent.openFds();
    while (after > before + 2 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      after = agent.openFds();
    }
    assertThat(after).as("agent open fds after 1,000 cycles (before: %d)", before).isLessThanOrEqualTo(before + 2);
    assertThat(agent.isAlive()).isTrue();
  }

  /** Waits until the target has written nothing more for stream {@code seed} over a second: its writes block on full windows. */
  private static void awaitStalled(TlsTarget target, long seed) throws Exception {
    long[] last = {-1};
    long[] since = {System.nanoTime()};
    Await.until("stream " + seed + " stops advancing", Duration.ofSeconds(60), () -> {
      long now = target.bytesSent(seed);
      if (now != last[0]) {
        last[0] = now;
        since[0] = System.nanoTime();
        return false;
      }
      return System.nanoTime() - since[0] >= TimeUnit.SECONDS.toNanos(1);
    });
  }

  private int activeStreams() throws Exception {
    int n = 0;
    for (com.fasterxml.jackson.databind.JsonNode session : cluster.sessions(Cluster.ORG, Cluster.AGENT)) {
      n += session.path("active_streams").asInt();
    }
    return n;
  }
}
