package io.agentkit.it.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static io.agentkit.it.tunnel.support.WebSocketAssertions.assertClosedWith;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.tunnel.protocol.FrameType;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.Reason;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.HostileEndpoint;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.tunnel.ws.WebSocketConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A misbehaving orchestrator must not crash the agent: it resets or reconnects and logs why. */
class MalformedFramesIT {

  private static final Duration RECONNECT = Duration.ofSeconds(40);

  @Test
  void malformedAndOversizedFramesResetTheStreamOrConnectionAndTheAgentReconnects() throws Exception {
    try (Cluster c = new Cluster("malformed");
        HostileEndpoint fake = new HostileEndpoint(c.dir().resolve("fake"));
        // A target that accepts and never answers, so the stream stays open while we misbehave.
        ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Map<String, String> env = c.agentEnv(c.privateKeyFile("agent", TestKeys.rsa4096()), Cluster.ORG, "fuzzed");
      env.put(AgentEnv.TUNNEL_URL, fake.url());
      env.put(AgentEnv.TUNNEL_CA_BUNDLE, fake.cert().toString());
      JavaProcess agent = c.startAgent("agent", env);

      // Stream error: DATA after the orchestrator's own CLOSE → RESET of that stream only.
      WebSocketConnection ws = fake.next(RECONNECT).accept();
      ws.sendBinary(FrameWriter.open(1, TunnelProtocol.INITIAL_WINDOW, "127.0.0.1", target.getLocalPort()));
      assertThat(nextFrame(ws).get(0)).isEqualTo((byte) FrameType.OPENED.code());
      byte[] chunk = new byte[1000];
      ws.sendBinary(FrameWriter.data(1, chunk, 0, chunk.length));
      ws.sendBinary(FrameWriter.close(1));
      ws.sendBinary(FrameWriter.data(1, chunk, 0, chunk.length));
      ByteBuffer reset = skipUntil(ws, FrameType.RESET);
      assertThat(reset.getInt(1)).isEqualTo(1);
      assertThat(reset.get(5)).isEqualTo((byte) Reason.PROTOCOL.code());
      agent.awaitLine("level=WARN msg=\"Stream reset: peer violated the protocol\" stream=1 err=\"DATA after CLOSE\"", Duration.ofSeconds(5));
      // The connection itself carries on.
      ws.sendBinary(FrameWriter.ping(77));
      assertThat(skipUntil(ws, FrameType.PONG).getLong(5)).isEqualTo(77);

      int connections = 1;
      Object[][] violations = {
          {new byte[] {0x7f, 0, 0, 0, 0}, "unknown frame type 0x7f", 4002},
          {new byte[] {0x04, 0, 0}, "shorter than the 5-byte header", 4002},
          {new byte[200_000], "exceeds the limit of 65536", 4009},
          {FrameWriter.ping(1).array().clone(), null, 0},
      };
      // The last entry is a PING on a non-zero stream.
      ByteBuffer.wrap((byte[]) violations[3][0]).putInt(1, 9);
      violations[3][1] = "PING frame on stream 9";
      violations[3][2] = 4002;
      for (Object[] v : violations) {
        ws.sendBinary((byte[]) v[0]);
        assertClosedWith(ws, (int) v[2]);
        ws.close();
        agent.awaitLine("Tunnel protocol error, closing the connection.*" + java.util.regex.Pattern.quote((String) v[1]), Duration.ofSeconds(5));
        ws = fake.next(RECONNECT).accept();
        connections++;
        assertThat(agent.isAlive()).isTrue();
      }
      // A text message is a connection error too.
      ws.sendText("hello");
      assertClosedWith(ws, TunnelProtocol.CLOSE_PROTOCOL_ERROR);
      agent.awaitLine("text message on the tunnel", Duration.ofSeconds(5));
      // The agent comes back and its new connection works: a PING is answered.
      WebSocketConnection again = fake.next(RECONNECT).accept();
      connections++;
      again.sendBinary(FrameWriter.ping(99));
      assertThat(skipUntil(again, FrameType.PONG).getLong(5)).isEqualTo(99);
      agent.awaitLine("msg=\"Connected to websocket tunnel\"", connections, Duration.ofSeconds(5));
      assertThat(agent.isAlive()).isTrue();
    }
  }

  private static ByteBuffer nextFrame(WebSocketConnection ws) throws Exception {
    return ws.readMessage();
  }

  private static ByteBuffer skipUntil(WebSocketConnection ws, FrameType type) throws Exception {
    while (true) {
      ByteBuffer f = ws.readMessage();
      if (f.get(0) == (byte) type.code()) {
        return f;
      }
    }
  }
}
