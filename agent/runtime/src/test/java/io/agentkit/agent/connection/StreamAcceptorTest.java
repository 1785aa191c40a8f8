package io.agentkit.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.tunnel.mux.Limits;
import io.agentkit.tunnel.mux.Multiplexer;
import io.agentkit.tunnel.mux.RecordingSink;
import io.agentkit.tunnel.mux.WindowBudget;
import io.agentkit.tunnel.protocol.FrameType;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.protocol.Reason;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The agent's side of a connection against real local sockets, frames recorded from its sink. */
class StreamAcceptorTest {

  private final RecordingSink sink = new RecordingSink();

  private static final Dialer SMALL_BUFFER_DIALER = (host, port) -> {
    try {
      SocketChannel s = SocketChannel.open();
      s.socket().setSendBufferSize(4096);
      s.connect(new InetSocketAddress(host, port));
      return s;
    } catch (IOException e) {
      throw new Dialer.DialException(Reason.REFUSED, e.getMessage());
    }
  };

  private static final Dialer REFUSE = (host, port) -> {
    throw new Dialer.DialException(Reason.REFUSED, "no");
  };

  private Multiplexer lastMux;

  private StreamAcceptor acceptor(Dialer dialer, int maxStreams) {
    Limits limits = new Limits(maxStreams, 8L << 20, 64 * 1024, 64 * 1024, 1 << 20, 1 << 20, 1 << 20);
    lastMux = new Multiplexer(sink, new WindowBudget(limits), System::nanoTime);
    return new StreamAcceptor(lastMux, dialer);
  }

  /** The multiplexer {@code a} was made with. */
  private Multiplexer mux(StreamAcceptor a) {
    return lastMux;
  }

  /** A listener with a small receive buffer whose connections nobody reads until the test says so. */
  private static ServerSocket slowTarget() throws IOException {
    ServerSocket target = new ServerSocket();
    target.setReceiveBufferSize(4096);
    target.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    return target;
  }


  @Test
  void dataBeyondTheWindowResetsOnlyThatStream() throws Exception {
    try (ServerSocket target = slowTarget()) {
      StreamAcceptor a = acceptor(SMALL_BUFFER_DIALER, 16);
      Multiplexer mux = mux(a);
      mux.receive(FrameWriter.open(1, 65_536, "127.0.0.1", target.getLocalPort()));
      ByteBuffer opened = sink.next(FrameType.OPENED);
      assertThat(opened.getInt(1)).isEqualTo(1);
      int window = opened.getInt(5);
      byte[] chunk = new byte[65_000];
      for (int sent = 0; sent <= window + 3 * 65_000 * 4; sent += chunk.length) {
        mux.receive(FrameWriter.data(1, chunk, 0, chunk.length));
        if (mux.activeStreams() == 0) {
          break;
        }
      }
      ByteBuffer reset = sink.next(FrameType.RESET);
      assertThat(reset.get(5)).isEqualTo((byte) Reason.FLOW_CONTROL.code());
      assertThat(mux.activeStreams()).isZero();
    }
  }

  @Test
  void aSenderThatUsesItsWholeWindowIsGrantedMore() throws Exception {
    try (ServerSocket target = slowTarget()) {
      StreamAcceptor a = acceptor(SMALL_BUFFER_DIALER, 16);
      Multiplexer mux = mux(a);
      mux.receive(FrameWriter.open(1, 65_536, "127.0.0.1", target.getLocalPort()));
      int window = sink.next(FrameType.OPENED).getInt(5);
      // The whole window arrives while the target is not reading yet.
      byte[] chunk = new byte[window / 8];
      for (int i = 0; i < 8; i++) {
        mux.receive(FrameWriter.data(1, chunk, 0, chunk.length));
      }
      try (Socket peer = target.accept()) {
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
          try {
            return peer.getInputStream().readNBytes(window).length;
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        long credit = 0;
        while (credit < window) {
          credit += sink.next(FrameType.WINDOW).getInt(5);
        }
        assertThat(read.get(10, TimeUnit.SECONDS)).as("bytes the target read").isEqualTo(window);
        // More credit came back than bytes were consumed: the window grew.
        assertThat(credit).isGreaterThan(window);
      }
    }
  }

  @Test
  void openIdsMustIncreaseAndDrainingRefusesNewStreams() throws Exception {
    StreamAcceptor a = acceptor(REFUSE, 16);
    Multiplexer mux = mux(a);
    mux.receive(FrameWriter.open(5, 65_536, "h", 1));
    assertThat(sink.next(FrameType.OPEN_FAILED).get(5)).isEqualTo((byte) Reason.REFUSED.code());
    assertThatThrownBy(() -> mux.receive(FrameWriter.open(5, 65_536, "h", 1)))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.isStreamError()).isFalse());
    a.drain();
    sink.next(FrameType.DRAIN);
    mux.receive(FrameWriter.open(6, 65_536, "h", 1));
    assertThat(sink.next(FrameType.OPEN_FAILED).get(5)).isEqualTo((byte) Reason.DRAINING.code());
  }

  @Test
  void aHostWithAControlCharacterRefusesThatStreamAndTheConnectionGoesOn() throws Exception {
    StreamAcceptor a = acceptor(REFUSE, 16);
    Multiplexer mux = mux(a);
    ByteBuffer open = FrameWriter.open(3, 65_536, "db?internal", 5432);
    open.put(5 + 7 + 2, (byte) 0x01);
    mux.receive(open);
    ByteBuffer failed = sink.next(FrameType.OPEN_FAILED);
    assertThat(failed.getInt(1)).isEqualTo(3);
    assertThat(failed.get(5)).isEqualTo((byte) Reason.PROTOCOL.code());
    assertThat(mux.activeStreams()).isZero();
    mux.receive(FrameWriter.ping(8));
    assertThat(sink.next(FrameType.PONG).getLong(5)).isEqualTo(8);
    // The refused id still counts for the ordering rule.
    assertThatThrownBy(() -> mux.receive(FrameWriter.open(3, 65_536, "h", 1))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void streamsBeyondTheLimitAreRefusedAsOverloaded() throws Exception {
    try (ServerSocket target = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      StreamAcceptor a = acceptor(SMALL_BUFFER_DIALER, 2);
      Multiplexer mux = mux(a);
      mux.receive(FrameWriter.open(1, 65_536, "127.0.0.1", target.getLocalPort()));
      mux.receive(FrameWriter.open(2, 65_536, "127.0.0.1", target.getLocalPort()));
      mux.receive(FrameWriter.open(3, 65_536, "127.0.0.1", target.getLocalPort()));
      ByteBuffer failed = sink.next(FrameType.OPEN_FAILED);
      assertThat(failed.getInt(1)).isEqualTo(3);
      assertThat(failed.get(5)).isEqualTo((byte) Reason.OVERLOADED.code());
      assertThat(mux.activeStreams()).isEqualTo(2);
    }
  }

  @Test
  void theOrchestratorsFramesAreConnectionErrorsHere() throws Exception {
    Multiplexer mux = mux(acceptor(REFUSE, 16));
    assertThatThrownBy(() -> mux.receive(FrameWriter.opened(1, 100))).isInstanceOf(ProtocolException.class).hasMessageContaining("OPENED");
    assertThatThrownBy(() -> mux.receive(FrameWriter.drain())).isInstanceOf(ProtocolException.class).hasMessageContaining("DRAIN");
  }
}
