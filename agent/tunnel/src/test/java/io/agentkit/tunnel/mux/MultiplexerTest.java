package io.agentkit.tunnel.mux;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.tunnel.protocol.FrameType;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.protocol.Reason;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The agent side of the multiplexer against a real local socket, frames recorded from its sink. */
class MultiplexerTest {

  private final LinkedBlockingQueue<ByteBuffer> sent = new LinkedBlockingQueue<>();
  private final FrameSink sink = new FrameSink() {
    @Override
    public void sendControl(ByteBuffer frame) {
      sent.add(frame);
    }

    @Override
    public void sendInOrder(ByteBuffer frame) {
      sent.add(frame);
    }

    @Override
    public int dataChunk() {
      return TunnelProtocol.AGENT_DATA_CHUNK;
    }
  };

  private static final Dialer SMALL_BUFFER_DIALER = (host, port) -> {
    try {
      Socket s = new Socket();
      s.setSendBufferSize(4096);
      s.connect(new java.net.InetSocketAddress(host, port));
      return s;
    } catch (java.io.IOException e) {
      throw new Dialer.DialException(Reason.REFUSED, e.getMessage());
    }
  };

  /** A listener with a small receive buffer whose connections nobody reads until the test says so. */
  private static ServerSocket slowTarget() throws java.io.IOException {
    ServerSocket target = new ServerSocket();
    target.setReceiveBufferSize(4096);
    target.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    return target;
  }

  private ByteBuffer next(FrameType type) throws InterruptedException {
    while (true) {
      ByteBuffer f = sent.poll(10, TimeUnit.SECONDS);
      assertThat(f).as("a " + type + " frame").isNotNull();
      if (f.get(0) == (byte) type.code()) {
        return f;
      }
    }
  }

  @Test
  void dataBeyondTheWindowResetsOnlyThatStream() throws Exception {
    // A target that does not read, behind small fixed buffers: the pump's first write blocks, so
    // no credit comes back while the test sends.
    try (ServerSocket target = slowTarget()) {
      Multiplexer mux = new Multiplexer(sink, SMALL_BUFFER_DIALER, new Multiplexer.Events() {});
      mux.receive(FrameWriter.open(1, TunnelProtocol.INITIAL_WINDOW, "127.0.0.1", target.getLocalPort()));
      assertThat(next(FrameType.OPENED).getInt(1)).isEqualTo(1);
      byte[] chunk = new byte[TunnelProtocol.MAX_DATA];
      for (int i = 0; i < 5; i++) {
        mux.receive(FrameWriter.data(1, chunk, 0, chunk.length));
      }
      ByteBuffer reset = next(FrameType.RESET);
      assertThat(reset.get(5)).isEqualTo((byte) Reason.FLOW_CONTROL.code());
      assertThat(mux.activeStreams()).isZero();
    }
  }

  @Test
  void aSenderThatUsesItsWholeWindowIsGrantedMore() throws Exception {
    try (ServerSocket target = slowTarget()) {
      Multiplexer mux = new Multiplexer(sink, SMALL_BUFFER_DIALER, new Multiplexer.Events() {});
      mux.receive(FrameWriter.open(1, TunnelProtocol.INITIAL_WINDOW, "127.0.0.1", target.getLocalPort()));
      next(FrameType.OPENED);
      // The whole initial window arrives while the target is not reading yet.
      byte[] chunk = new byte[TunnelProtocol.INITIAL_WINDOW / 8];
      for (int i = 0; i < 8; i++) {
        mux.receive(FrameWriter.data(1, chunk, 0, chunk.length));
      }
      try (Socket peer = target.accept()) {
        Thread reader = new Thread(() -> {
          try {
            peer.getInputStream().readNBytes(TunnelProtocol.INITIAL_WINDOW);
          } catch (java.io.IOException ignored) {
            // Test ends.
          }
        });
        reader.start();
        long credit = 0;
        while (credit < TunnelProtocol.INITIAL_WINDOW) {
          credit += next(FrameType.WINDOW).getInt(5);
        }
        reader.join(10_000);
        // More credit came back than bytes were consumed: the window grew.
        assertThat(credit).isGreaterThan(TunnelProtocol.INITIAL_WINDOW);
      }
    }
  }

  @Test
  void openIdsMustIncreaseAndDrainingRefusesNewStreams() throws Exception {
    Dialer refuse = (host, port) -> {
      throw new Dialer.DialException(Reason.REFUSED, "no");
    };
    Multiplexer mux = new Multiplexer(sink, refuse, new Multiplexer.Events() {});
    mux.receive(FrameWriter.open(5, TunnelProtocol.INITIAL_WINDOW, "h", 1));
    assertThat(next(FrameType.OPEN_FAILED).get(5)).isEqualTo((byte) Reason.REFUSED.code());
    try {
      mux.receive(FrameWriter.open(5, TunnelProtocol.INITIAL_WINDOW, "h", 1));
      throw new AssertionError("reused id accepted");
    } catch (ProtocolException e) {
      assertThat(e.isStreamError()).isFalse();
    }
    mux.drain();
    next(FrameType.DRAIN);
    mux.receive(FrameWriter.open(6, TunnelProtocol.INITIAL_WINDOW, "h", 1));
    assertThat(next(FrameType.OPEN_FAILED).get(5)).isEqualTo((byte) Reason.DRAINING.code());
  }

  @Test
  void pingIsAnsweredWithItsPayload() throws Exception {
    Multiplexer mux = new Multiplexer(sink, null, new Multiplexer.Events() {});
    mux.receive(FrameWriter.ping(123456789L));
    assertThat(next(FrameType.PONG).getLong(5)).isEqualTo(123456789L);
  }
}
