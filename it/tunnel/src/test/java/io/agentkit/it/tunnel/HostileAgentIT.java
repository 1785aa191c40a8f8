package io.agentkit.it.tunnel;

import static io.agentkit.it.tunnel.support.WebSocketAssertions.assertClosedWith;
import static io.agentkit.it.tunnel.support.WebSocketAssertions.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.it.tunnel.support.ProxyClient;
import io.agentkit.it.tunnel.support.RawAgent;
import io.agentkit.it.tunnel.support.RawTunnelClient;
import io.agentkit.tunnel.protocol.FrameType;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.Reason;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.WebSocketConnection;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A hostile agent, after a valid signed handshake, against the real orchestrator. For every case:
 * the orchestrator stays alive with bounded memory, logs one clear line naming the agent's key,
 * closes only that session, and a well-behaved agent beside it keeps working.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileAgentIT {

  private static final String HOSTILE = "hostile-agent";
  private static final Duration LINE = Duration.ofSeconds(10);
  private static final long RSS_LIMIT_KIB = 768 * 1024;

  private Cluster cluster;
  private JavaProcess orchestrator;
  private KeyPair key;
  private String fingerprint;
  private ProxyClient wellBehaved;
  private int connections;

  @BeforeAll
  void start() throws Exception {
    cluster = new Cluster("hostile-agent");
    cluster.startWithOneAgent("good", "INFO");
    orchestrator = cluster.orchestrator();
    wellBehaved = cluster.proxyClient();
    key = TestKeys.rsa("hostile", 4096);
    cluster.register(Cluster.ORG, HOSTILE, key);
    fingerprint = io.agentkit.contract.keys.Fingerprints.of(key.getPublic());
  }

  @AfterAll
  void stop() throws Exception {
    cluster.close();
  }

  private RawAgent connect() throws Exception {
    connections++;
    return RawAgent.open(cluster.tunnelPort(), cluster.orchestratorCert(),
        RawTunnelClient.signedRequest(key, cluster.tunnelPort(), Cluster.ORG, "hostile-" + connections));
  }

  private void survives(String line) throws Exception {
    assertThat(orchestrator.awaitLine(line, LINE)).contains("fingerprint=" + fingerprint);
    assertThat(orchestrator.count(line)).as("lines matching /%s/", line).isEqualTo(1);
    assertThat(orchestrator.isAlive()).isTrue();
    assertThat(orchestrator.rssKiB()).as("orchestrator RSS, KiB").isLessThan(RSS_LIMIT_KIB);
    assertThat(wellBehaved.hello(cluster.target().port())).contains("hello from the target");
  }


  @Test
  void aSixtyFourBitLengthWithTheTopBitSetClosesOnlyThatSession() throws Exception {
    RawAgent a = connect();
    // Masked, as a client must: 127, the length, a zero key.
    a.write(hex("82 ff 800000007ffffff0 00000000"));
    assertClosedWith(a.ws(), 1002);
    survives("Tunnel protocol error, closing the connection.*most significant bit");
  }

  @Test
  void twoGigabyteFramesAreRefusedFromTheirHeader() throws Exception {
    RawAgent a = connect();
    a.write(hex("82 ff 0000000080000000 00000000 00"));
    assertClosedWith(a.ws(), TunnelProtocol.CLOSE_TOO_BIG);
    survives("Tunnel protocol error, closing the connection.*code=4009");
  }

  @Test
  void textFragmentedControlAndOpenFromTheAgentAreProtocolErrors() throws Exception {
    WebSocketConnection ws = connect().ws();
    ws.sendText("hi");
    assertClosedWith(ws, TunnelProtocol.CLOSE_PROTOCOL_ERROR);
    survives("Tunnel protocol error, closing the connection.*text message on the tunnel");
    RawAgent a2 = connect();
    // A PING without FIN, masked with a zero key.
    a2.write(hex("09 80 00000000"));
    assertClosedWith(a2.ws(), 1002);
    survives("Tunnel protocol error, closing the connection.*fragmented or oversized control frame");
    WebSocketConnection ws3 = connect().ws();
    ws3.sendBinary(FrameWriter.open(1, 65_536, "evil", 22));
    assertClosedWith(ws3, TunnelProtocol.CLOSE_PROTOCOL_ERROR);
    survives("Tunnel protocol error, closing the connection.*OPEN from the peer");
  }

  @Test
  void framesForUnknownStreamsAreIgnoredAndDataBeyondTheWindowResetsTheStream() throws Exception {
    WebSocketConnection ws = connect().ws();
    ws.sendBinary(FrameWriter.opened(99, 65_536));
    ws.sendBinary(FrameWriter.data(99, new byte[] {1}, 0, 1));
    ws.sendBinary(FrameWriter.ping(11));
    assertThat(until(ws, FrameType.PONG).getLong(5)).isEqualTo(11);
    // A client asks for a stream; the hostile agent is the only session of its agent id.
    ProxyClient client = cluster.proxyClient(Cluster.ORG, HOSTILE);
    CompletableFuture<Socket> connected = new CompletableFuture<>();
    Thread.ofPlatform().start(() -> {
      try {
        connected.complete(client.connect("db.internal", 5432));
      } catch (Exception e) {
        connected.completeExceptionally(e);
      }
    });
    ByteBuffer open = untilOrFailed(ws, FrameType.OPEN, connected);
    int id = open.getInt(1);
    int window = open.getInt(5);
    ws.sendBinary(FrameWriter.opened(id, 65_536));
    Socket s = connected.get(10, TimeUnit.SECONDS);
    // The client reads nothing: once its socket buffers are full no credit comes back, and 32 MB
    // is far more than the window plus any loopback buffers.
    byte[] chunk = new byte[60_000];
    for (long sent = 0; sent <= window + 32_000_000L; sent += chunk.length) {
      ws.sendBinary(FrameWriter.data(id, chunk, 0, chunk.length));
    }
    ByteBuffer reset = until(ws, FrameType.RESET);
    assertThat(reset.getInt(1)).isEqualTo(id);
    assertThat(reset.get(5)).isEqualTo((byte) Reason.FLOW_CONTROL.code());
    s.close();
    ws.sendBinary(FrameWriter.ping(12));
    assertThat(until(ws, FrameType.PONG).getLong(5)).as("the session goes on").isEqualTo(12);
    ws.close();
    survives("Stream reset: peer violated the protocol");
  }

  @Test
  void anAgentThatStopsReadingIsClosedWhenItsControlQueueOverflows() throws Exception {
    RawAgent a = connect();
    // Pings whose pongs it never reads: once the socket buffers are full, pongs queue up to the limit.
    byte[] ping = FrameWriter.ping(0).array();
    java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < 20_000; i++) {
      burst.write(0x82);
      burst.write(0x80 | ping.length);
      burst.write(new byte[4]);
      burst.write(ping);
    }
    byte[] b = burst.toByteArray();
    try {
      for (int i = 0; i < 40 && orchestrator.count("The peer stopped reading") == 0; i++) {
        a.write(b);
      }
    } catch (java.io.IOException closed) {
      // The orchestrator closed the connection while we wrote.
    }
    a.ws().close();
    survives("The peer stopped reading, closing the connection");
  }

  /** Like {@link #until}, but fails at once when {@code failure} completes exceptionally first. */
  private static ByteBuffer untilOrFailed(WebSocketConnection ws, FrameType type, CompletableFuture<?> failure) throws Exception {
    CompletableFuture<ByteBuffer> frame = new CompletableFuture<>();
    Thread.ofPlatform().start(() -> {
      try {
        frame.complete(until(ws, type));
      } catch (Exception e) {
        frame.completeExceptionally(e);
      }
    });
    CompletableFuture.anyOf(frame, failure.thenApply(x -> null)).get(30, TimeUnit.SECONDS);
    if (failure.isCompletedExceptionally()) {
      failure.join();
    }
    return frame.get(30, TimeUnit.SECONDS);
  }

  private static ByteBuffer until(WebSocketConnection ws, FrameType type) throws Exception {
    while (true) {
      ByteBuffer f = ws.readMessage();
      if (f.get(0) == (byte) type.code()) {
        return ByteBuffer.wrap(f.array(), f.arrayOffset(), f.remaining()).slice();
      }
    }
  }
}
