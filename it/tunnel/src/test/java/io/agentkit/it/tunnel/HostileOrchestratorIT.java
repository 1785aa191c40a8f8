package io.agentkit.it.tunnel;

import static io.agentkit.it.tunnel.support.WebSocketAssertions.assertClosedWith;
import static io.agentkit.it.tunnel.support.WebSocketAssertions.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.testing.ClosedPort;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.HostileEndpoint;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.tunnel.protocol.FrameType;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.Reason;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.WebSocketConnection;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A scripted hostile orchestrator against the real agent jar. For every case: the agent stays alive,
 * its RSS stays under the pod's limit with headroom, it logs one clear line, and it reconnects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileOrchestratorIT {

  private static final Duration CONNECT = Duration.ofSeconds(30);
  private static final Duration LINE = Duration.ofSeconds(10);
  /** Under the 256 MiB pod limit with headroom; the heap is 128 MiB. */
  private static final long RSS_LIMIT_KIB = 224 * 1024;

  private Cluster cluster;
  private Path keyFile;
  /** Bound, never listening: the agent's dials to it are refused for the whole class, and nothing else can take it. */
  private ClosedPort refused;
  private int refusedPort;

  @BeforeAll
  void setUp() throws Exception {
    cluster = new Cluster("hostile-orchestrator");
    keyFile = cluster.privateKeyFile("agent", TestKeys.rsa4096());
    refused = new ClosedPort();
    refusedPort = refused.port();
  }

  @AfterAll
  void tearDown() throws Exception {
    try {
      cluster.close();
    } finally {
      if (refused != null) {
        refused.close();
      }
    }
  }

  private record Run(HostileEndpoint endpoint, JavaProcess agent) {}

  private Run start(String name) throws Exception {
    HostileEndpoint e = new HostileEndpoint(cluster.dir().resolve(name));
    Map<String, String> env = cluster.agentEnv(keyFile, Cluster.ORG, name);
    env.put(AgentEnv.TUNNEL_URL, e.url());
    env.put(AgentEnv.TUNNEL_CA_BUNDLE, e.cert().toString());
    env.put(AgentEnv.LOG_LEVEL, "INFO");
    return new Run(e, cluster.startAgent(name, env));
  }

  /** The case's one line was logged exactly once, the agent lives within its memory, and it comes back. */
  private void survives(Run r, String line) throws Exception {
    r.agent().awaitLine(line, LINE);
    assertThat(r.agent().count(line)).as("lines matching /%s/", line).isEqualTo(1);
    assertThat(r.agent().isAlive()).isTrue();
    assertThat(r.agent().rssKiB()).as("agent RSS, KiB").isLessThan(RSS_LIMIT_KIB);
    WebSocketConnection ws = r.endpoint().next(CONNECT).accept();
    ws.sendBinary(FrameWriter.ping(42));
    assertThat(until(ws, FrameType.PONG).getLong(5)).isEqualTo(42);
    ws.close();
    r.agent().close();
    r.endpoint().close();
  }

  private static ByteBuffer until(WebSocketConnection ws, FrameType type) throws Exception {
    while (true) {
      ByteBuffer f = ws.readMessage();
      if (f.get(0) == (byte) type.code()) {
        return ByteBuffer.wrap(f.array(), f.arrayOffset(), f.remaining()).slice().duplicate();
      }
    }
  }


  @Test
  void aSixtyFourBitLengthWithTheTopBitSetIsAProtocolError() throws Exception {
    Run r = start("top-bit");
    HostileEndpoint.Upgrade up = r.endpoint().next(CONNECT);
    WebSocketConnection ws = up.accept();
    up.raw().write(hex("82 7f 800000007ffffff0"));
    assertClosedWith(ws, 1002);
    survives(r, "Tunnel protocol error, closing the connection.*most significant bit");
  }

  @Test
  void aLengthOfTwoGigabytesThatThenTricklesIsRefusedFromItsHeader() throws Exception {
    Run r = start("trickle");
    HostileEndpoint.Upgrade up = r.endpoint().next(CONNECT);
    WebSocketConnection ws = up.accept();
    up.raw().write(hex("82 7f 0000000080000000"));
    for (int i = 0; i < 3; i++) {
      try {
        up.raw().write(0);
        up.raw().flush();
        Thread.sleep(50);
      } catch (java.io.IOException closed) {
        break;
      }
    }
    assertClosedWith(ws, TunnelProtocol.CLOSE_TOO_BIG);
    survives(r, "Tunnel protocol error, closing the connection.*code=4009.*exceeds the limit");
  }

  @Test
  void textAndFragmentedControlFramesAreProtocolErrors() throws Exception {
    Run r = start("text-control");
    WebSocketConnection ws = r.endpoint().next(CONNECT).accept();
    ws.sendText("hello");
    assertClosedWith(ws, TunnelProtocol.CLOSE_PROTOCOL_ERROR);
    r.agent().awaitLine("Tunnel protocol error, closing the connection.*text message on the tunnel", LINE);
    HostileEndpoint.Upgrade up = r.endpoint().next(CONNECT);
    WebSocketConnection ws2 = up.accept();
    // A PING without FIN: control frames may not be fragmented.
    up.raw().write(hex("09 01 00"));
    assertClosedWith(ws2, 1002);
    survives(r, "Tunnel protocol error, closing the connection.*fragmented or oversized control frame");
  }

  @Test
  void tenThousandOpensInABurstAreAllAnsweredAndLoggedOnce() throws Exception {
    Run r = start("open-burst");
    HostileEndpoint.Upgrade up = r.endpoint().next(CONNECT);
    WebSocketConnection ws = up.accept();
    int n = 10_000;
    ByteArrayOutputStream burst = new ByteArrayOutputStream();
    for (int id = 1; id <= n; id++) {
      byte[] f = FrameWriter.open(id, 65_536, "127.0.0.1", refusedPort).array();
      burst.write(0x82);
      burst.write(f.length);
      burst.write(f);
    }
    up.raw().write(burst.toByteArray());
    up.raw().flush();
    int answered = 0;
    long peakRss = 0;
    while (answered < n) {
      ByteBuffer f = ws.readMessage();
      if (f.get(0) == (byte) FrameType.OPEN_FAILED.code() || f.get(0) == (byte) FrameType.OPENED.code()) {
        answered++;
      }
      if (answered % 1000 == 0) {
        peakRss = Math.max(peakRss, r.agent().rssKiB());
      }
    }
    System.out.printf("10,000 OPENs in a burst: all answered, agent RSS peak %d KiB%n", peakRss);
    assertThat(peakRss).isLessThan(RSS_LIMIT_KIB);
    ws.sendBinary(FrameWriter.ping(7));
    assertThat(until(ws, FrameType.PONG).getLong(5)).isEqualTo(7);
    ws.close();
    survives(r, "msg=\"Cannot open stream\"");
  }

  @Test
  void reusedIdsEndTheConnectionAndUnknownIdsAreIgnored() throws Exception {
    Run r = start("ids");
    WebSocketConnection ws = r.endpoint().next(CONNECT).accept();
    ws.sendBinary(FrameWriter.open(5, 65_536, "127.0.0.1", refusedPort));
    assertThat(until(ws, FrameType.OPEN_FAILED).get(5)).isEqualTo((byte) Reason.REFUSED.code());
    // Frames for a stream that does not exist are dropped: they may have crossed a RESET.
    ws.sendBinary(FrameWriter.data(77, new byte[] {1}, 0, 1));
    ws.sendBinary(FrameWriter.window(77, 1000));
    ws.sendBinary(FrameWriter.close(77));
    ws.sendBinary(FrameWriter.reset(77, Reason.CANCELLED, "x"));
    ws.sendBinary(FrameWriter.ping(1));
    assertThat(until(ws, FrameType.PONG).getLong(5)).isEqualTo(1);
    ws.sendBinary(FrameWriter.open(5, 65_536, "127.0.0.1", refusedPort));
    assertClosedWith(ws, TunnelProtocol.CLOSE_PROTOCOL_ERROR);
    survives(r, "Tunnel protocol error, closing the connection.*OPEN for stream 5, not above the highest id");
  }

  @Test
  void controlCharactersAndThreeHundredByteHostsRefuseOnlyTheirStream() throws Exception {
    Run r = start("hosts");
    HostileEndpoint.Upgrade up = r.endpoint().next(CONNECT);
    WebSocketConnection ws = up.accept();
    ByteBuffer control = FrameWriter.open(1, 65_536, "db?internal", 5432);
    control.put(5 + 7 + 2, (byte) 0x07);
    ws.sendBinary(control);
    // A host length byte cannot say 300: 300 bytes follow a length of 44.
    byte[] longHost = new byte[5 + 7 + 300];
    ByteBuffer.wrap(longHost).put((byte) FrameType.OPEN.code()).putInt(2).putInt(65_536).putShort((short) 443).put((byte) (300 & 0xff));
    java.util.Arrays.fill(longHost, 12, longHost.length, (byte) 'a');
    ws.sendBinary(longHost);
    for (int id = 1; id <= 2; id++) {
      ByteBuffer failed = until(ws, FrameType.OPEN_FAILED);
      assertThat(failed.getInt(1)).isEqualTo(id);
      assertThat(failed.get(5)).isEqualTo((byte) Reason.PROTOCOL.code());
    }
    ws.sendBinary(FrameWriter.ping(3));
    assertThat(until(ws, FrameType.PONG).getLong(5)).as("the connection goes on").isEqualTo(3);
    assertThat(r.agent().count("Tunnel protocol error")).isZero();
    ws.close();
    survives(r, "Refusing stream: malformed OPEN");
  }

  @Test
  void oneByteDataFramesToTargetsThatNeverReadStayWithinTheWindows() throws Exception {
    Run r = start("one-byte");
    List<java.net.Socket> held = new ArrayList<>();
    try (ServerSocket target = new ServerSocket(0, 100, InetAddress.getLoopbackAddress())) {
      target.setReceiveBufferSize(4096);
      HostileEndpoint.Upgrade up = r.endpoint().next(CONNECT);
      WebSocketConnection ws = up.accept();
      int streams = 10;
      int[] windows = new int[streams + 1];
      for (int id = 1; id <= streams; id++) {
        ws.sendBinary(FrameWriter.open(id, 65_536, "127.0.0.1", target.getLocalPort()));
        held.add(target.accept());
      }
      for (int k = 0; k < streams; k++) {
        ByteBuffer opened = until(ws, FrameType.OPENED);
        windows[opened.getInt(1)] = opened.getInt(5);
      }
      // Whole windows of 1-byte DATA frames, written as one burst of raw WebSocket frames.
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int id = 1; id <= streams; id++) {
        byte[] f = FrameWriter.data(id, new byte[] {'x'}, 0, 1).array();
        for (int i = 0; i < windows[id]; i++) {
          b.write(0x82);
          b.write(f.length);
          b.write(f);
        }
      }
      OutputStream raw = up.raw();
      raw.write(b.toByteArray());
      raw.flush();
      ws.sendBinary(FrameWriter.ping(5));
      assertThat(until(ws, FrameType.PONG).getLong(5)).isEqualTo(5);
      long rss = r.agent().rssKiB();
      System.out.printf("%d streams of 1-byte DATA frames (%d frames): agent RSS %d KiB%n", streams, b.size() / 8, rss);
      assertThat(rss).isLessThan(RSS_LIMIT_KIB);
      assertThat(r.agent().isAlive()).isTrue();
      // Beyond the window: that stream alone is reset. The agent grants credit back for whatever the target's
      // socket takes, and the kernel takes a few MB before its buffers are full (its send buffer grows on its
      // own), so keep sending, within a bound, until the RESET comes.
      CompletableFuture<ByteBuffer> resetSeen = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        try {
          resetSeen.complete(until(ws, FrameType.RESET));
        } catch (Exception e) {
          resetSeen.completeExceptionally(e);
        }
      });
      byte[] beyond = new byte[65_000];
      for (int i = 0; i < 400 && !resetSeen.isDone(); i++) {
        ws.sendBinary(FrameWriter.data(1, beyond, 0, beyond.length));
      }
      ByteBuffer reset = resetSeen.get(30, TimeUnit.SECONDS);
      assertThat(reset.getInt(1)).isEqualTo(1);
      assertThat(reset.get(5)).isEqualTo((byte) Reason.FLOW_CONTROL.code());
      ws.close();
      survives(r, "Stream reset: peer violated the protocol\" stream=1");
    } finally {
      for (java.net.Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void malformedUpgradeResponsesAreRetriedConnectionFailures() throws Exception {
    Run r = start("upgrade");
    r.endpoint().next(CONNECT).answer("HTTP/1.1 401 Unauthorized\r\nAgent-Tunnel-Versions: 1\r\nContent-Length: -1\r\n\r\n");
    r.agent().awaitLine("Can't connect to websocket.*malformed Content-Length: -1", LINE);
    r.endpoint().next(CONNECT).answer("HTTP/1.1 20x Fine\r\n\r\n");
    r.agent().awaitLine("Can't connect to websocket.*malformed status line", LINE);
    r.endpoint().next(CONNECT).answer("HTTP/1.1 101 Switching Protocols\r\nContent-Length: 99999999999999999999\r\n\r\n");
    r.agent().awaitLine("Can't connect to websocket.*", 3, LINE);
    r.agent().awaitLine("msg=Reconnecting", 3, LINE);
    survives(r, "malformed status line");
  }

  @Test
  void anEndpointThatIsNotAnAgentKitOrchestratorIsNamedAndTheAgentKeepsBackingOff() throws Exception {
    Run r = start("not-agent-kit");
    String line = "level=ERROR msg=\"The endpoint does not speak agent-kit's tunnel protocol\"";
    // Accepts the upgrade without selecting our subprotocol, as a server of another protocol does.
    r.endpoint().next(CONNECT).accept(null).close();
    r.agent().awaitLine(line + ".*selected no subprotocol.*fix=.*TUNNEL_URL.*ghcr.io/humanitec/agent", LINE);
    // Refuses with a status an agent-kit orchestrator would send with its versions header.
    r.endpoint().next(CONNECT).answer("HTTP/1.1 401 Unauthorized\r\nContent-Length: 2\r\n\r\n{}");
    r.agent().awaitLine(line + ".*HTTP 401", LINE);
    r.endpoint().next(CONNECT).answer("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    r.agent().awaitLine(line + ".*HTTP 404", LINE);
    r.agent().awaitLine("msg=Reconnecting", 3, LINE);
    assertThat(r.agent().count("The orchestrator did not accept this agent's key")).isZero();
    assertThat(r.agent().isAlive()).isTrue();

    // agent check stops at its own step.
    Map<String, String> env = cluster.agentEnv(keyFile, Cluster.ORG, "check");
    env.put(AgentEnv.TUNNEL_URL, r.endpoint().url());
    env.put(AgentEnv.TUNNEL_CA_BUNDLE, r.endpoint().cert().toString());
    r.agent().close();
    // The agent may have been in the middle of its next attempt: let that one go.
    JavaProcess check = cluster.track(JavaProcess.start("check", Cluster.agentCommand("check"), env));
    HostileEndpoint.Upgrade attempt = r.endpoint().next(CONNECT);
    while (attempt.request() == null || attempt.request().header("agent-connection-id") == null
        || !attempt.request().header("agent-connection-id").equals("check")) {
      attempt.close();
      attempt = r.endpoint().next(CONNECT);
    }
    attempt.accept(null);
    assertThat(check.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
    check.awaitLine("^FAIL  protocol .*does not speak agent-kit's tunnel protocol", LINE);
    check.awaitLine("ghcr.io/humanitec/agent", LINE);
    assertThat(check.count("^ok    tls")).isEqualTo(1);
    r.endpoint().close();
  }

  @Test
  void silenceAfterTheUpgradeIsADeadPeerAfterFortyFiveSeconds() throws Exception {
    Run r = start("silent");
    HostileEndpoint.Upgrade up = r.endpoint().next(CONNECT);
    WebSocketConnection ws = up.accept();
    long t0 = System.nanoTime();
    // Read what the agent sends (its PINGs), answer nothing.
    assertClosedWith(ws, TunnelProtocol.CLOSE_PEER_SILENT);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(took).isBetween(Duration.ofSeconds(44), Duration.ofSeconds(60));
    survives(r, Pattern.quote("No frame from the peer, closing the connection") + ".*code=4008");
  }
}
