package io.agentkit.tunnel.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.tunnel.protocol.FrameType;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.protocol.Reason;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The opening end's multiplexer, fed hand-built frames, bridged to real loopback sockets. */
class MultiplexerTest {

  private final RecordingSink sink = new RecordingSink();

  private Multiplexer mux(Limits limits) {
    return new Multiplexer(sink, new WindowBudget(limits), System::nanoTime);
  }

  private static Limits limits(int maxStreams) {
    return new Limits(maxStreams, 1 << 20, 4096, 16_384, 65_536, 1 << 20, 1 << 20);
  }

  /** A connected pair: [0] for the stream (with a channel, as streams need), [1] for the test to play the client. */
  private static Socket[] pair() throws Exception {
    try (ServerSocketChannel l = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1)) {
      Socket a = SocketChannel.open(l.getLocalAddress()).socket();
      Socket b = l.accept().socket();
      b.setSoTimeout(10_000);
      return new Socket[] {a, b};
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private TunnelStream opened(Multiplexer mux, StreamOpener opener, int window) throws Exception {
    StreamOpener.Opening o = opener.open("db.internal", 5432);
    ByteBuffer open = sink.next(FrameType.OPEN);
    assertThat(open.getInt(1)).isEqualTo(o.streamId());
    mux.receive(FrameWriter.opened(o.streamId(), window));
    return o.result().get(5, TimeUnit.SECONDS);
  }

  @Test
  void bytesFlowBothWaysAndEachSideHalfClosesOnItsOwn() throws Exception {
    Multiplexer mux = mux(limits(8));
    StreamOpener opener = new StreamOpener(mux, () -> { });
    TunnelStream s = opened(mux, opener, 1000);
    Socket[] p = pair();
    s.start(StreamSocket.of(p[0].getChannel()));
    p[1].getOutputStream().write(bytes("hello"));
    ByteBuffer data = sink.next(FrameType.DATA);
    assertThat(new String(data.array(), data.arrayOffset() + 5, data.remaining() - 5, StandardCharsets.US_ASCII)).isEqualTo("hello");
    // The client half-closes: CLOSE goes to the peer, and the other direction still works.
    p[1].shutdownOutput();
    sink.next(FrameType.CLOSE);
    mux.receive(FrameWriter.data(s.id(), bytes("world"), 0, 5));
    InputStream in = p[1].getInputStream();
    assertThat(in.readNBytes(5)).isEqualTo(bytes("world"));
    assertThat(mux.activeStreams()).isEqualTo(1);
    mux.receive(FrameWriter.close(s.id()));
    assertThat(in.read()).as("end of stream after the peer's CLOSE").isEqualTo(-1);
    waitUntil(() -> mux.activeStreams() == 0);
    assertThat(s.isTerminated()).isTrue();
  }

  @Test
  void streamsBeyondTheLimitAreRefusedHereWithoutAFrame() throws Exception {
    Multiplexer mux = mux(limits(2));
    StreamOpener opener = new StreamOpener(mux, () -> { });
    TunnelStream first = opened(mux, opener, 1000);
    opened(mux, opener, 1000);
    StreamOpener.Opening third = opener.open("db.internal", 5432);
    assertThatThrownBy(() -> third.result().get(1, TimeUnit.SECONDS)).isInstanceOfSatisfying(ExecutionException.class,
        e -> assertThat(((StreamOpener.OpenFailedException) e.getCause()).reason()).isEqualTo(Reason.OVERLOADED));
    assertThat(sink.count(FrameType.OPEN)).isZero();
    // A slot frees when a stream ends.
    mux.receive(FrameWriter.reset(first.id(), Reason.CANCELLED, "done"));
    assertThat(opened(mux, opener, 1000).isTerminated()).isFalse();
  }

  @Test
  void connectionsSharingOneBudgetAreBoundedTogether() throws Exception {
    WindowBudget shared = new WindowBudget(limits(2));
    Multiplexer a = new Multiplexer(sink, shared, System::nanoTime);
    Multiplexer b = new Multiplexer(sink, shared, System::nanoTime);
    StreamOpener openerA = new StreamOpener(a, () -> { });
    StreamOpener openerB = new StreamOpener(b, () -> { });
    TunnelStream first = opened(a, openerA, 1000);
    opened(b, openerB, 1000);
    long granted = shared.granted();
    assertThat(shared.streams()).isEqualTo(2);
    for (StreamOpener o : new StreamOpener[] {openerA, openerB}) {
      StreamOpener.Opening refused = o.open("db.internal", 5432);
      assertThatThrownBy(() -> refused.result().get(1, TimeUnit.SECONDS)).isInstanceOfSatisfying(ExecutionException.class,
          e -> assertThat(((StreamOpener.OpenFailedException) e.getCause()).reason()).isEqualTo(Reason.OVERLOADED));
    }
    assertThat(shared.granted()).as("refused streams were granted no window").isEqualTo(granted);
    // A stream of one connection ending frees a slot for the other.
    a.receive(FrameWriter.reset(first.id(), Reason.CANCELLED, "done"));
    waitUntil(() -> shared.streams() == 1);
    assertThat(opened(b, openerB, 1000).isTerminated()).isFalse();
    assertThat(shared.streams()).isEqualTo(2);
  }

  @Test
  void whenTheConnectionDropsEveryStreamEndsAndEveryWaiterHears() throws Exception {
    Multiplexer mux = mux(limits(8));
    StreamOpener opener = new StreamOpener(mux, () -> { });
    TunnelStream s = opened(mux, opener, 1000);
    Socket[] p = pair();
    s.start(StreamSocket.of(p[0].getChannel()));
    StreamOpener.Opening pending = opener.open("cache", 6379);
    mux.closeAll("tunnel connection closed");
    assertThatThrownBy(() -> pending.result().get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(ExecutionException.class,
        e -> assertThat(((StreamOpener.OpenFailedException) e.getCause()).reason()).isEqualTo(Reason.CANCELLED));
    assertThat(p[1].getInputStream().read()).as("the client's socket is closed").isEqualTo(-1);
    assertThat(mux.activeStreams()).isZero();
    assertThat(mux.windows().streams()).as("window budget returned").isZero();
    assertThatThrownBy(() -> opener.open("cache", 6379).result().get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(StreamOpener.OpenFailedException.class);
  }

  @Test
  void oneByteFramesHoldOneByteEachAndDataBeyondTheWindowResetsOnlyThatStream() throws Exception {
    Multiplexer mux = mux(limits(8));
    StreamOpener opener = new StreamOpener(mux, () -> { });
    // Not started: nothing drains the receive buffer, as with a target that never reads.
    TunnelStream stalled = opened(mux, opener, 1000);
    TunnelStream other = opened(mux, opener, 1000);
    int window = stalled.initialWindow();
    for (int i = 0; i < window; i++) {
      mux.receive(FrameWriter.data(stalled.id(), new byte[] {(byte) i}, 0, 1));
    }
    assertThat(stalled.receiveBufferCapacity()).as("receive buffer after %d one-byte frames", window).isLessThanOrEqualTo(window);
    mux.receive(FrameWriter.data(stalled.id(), new byte[] {1}, 0, 1));
    ByteBuffer reset = sink.next(FrameType.RESET);
    assertThat(reset.getInt(1)).isEqualTo(stalled.id());
    assertThat(reset.get(5)).isEqualTo((byte) Reason.FLOW_CONTROL.code());
    assertThat(stalled.isTerminated()).isTrue();
    assertThat(other.isTerminated()).isFalse();
    assertThat(mux.activeStreams()).isEqualTo(1);
  }

  @Test
  void pingIsAnsweredAndAnOpenFromThePeerIsAConnectionError() throws Exception {
    Multiplexer mux = mux(limits(8));
    new StreamOpener(mux, () -> { });
    mux.receive(FrameWriter.ping(123456789L));
    assertThat(sink.next(FrameType.PONG).getLong(5)).isEqualTo(123456789L);
    assertThatThrownBy(() -> mux.receive(FrameWriter.open(1, 1000, "h", 1)))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.isStreamError()).isFalse());
  }

  @Test
  void invalidHostsAreRefusedBeforeAnythingIsRegistered() {
    Multiplexer mux = mux(limits(8));
    StreamOpener opener = new StreamOpener(mux, () -> { });
    assertThatThrownBy(() -> opener.open("a".repeat(300), 80)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 255");
    assertThatThrownBy(() -> opener.open("bad\u0001host", 80)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printable ASCII");
    assertThat(mux.activeStreams()).isZero();
    assertThat(mux.windows().streams()).isZero();
    assertThat(sink.sent).isEmpty();
  }

  @Test
  void theWindowGrowsForABusyStreamAndShrinksUnderPressure() throws Exception {
    // Pool: 1 MiB minus 8 × 4 KiB of floors.
    Multiplexer mux = mux(limits(8));
    StreamOpener opener = new StreamOpener(mux, () -> { });
    TunnelStream s = opened(mux, opener, 1000);
    Socket[] p = pair();
    s.start(StreamSocket.of(p[0].getChannel()));
    int window = s.initialWindow();
    byte[] chunk = new byte[window];
    mux.receive(FrameWriter.data(s.id(), chunk, 0, chunk.length));
    assertThat(p[1].getInputStream().readNBytes(window)).hasSize(window);
    long credit = 0;
    while (credit < window) {
      credit += sink.next(FrameType.WINDOW).getInt(5);
    }
    assertThat(credit).as("credit for a window the sender used up").isGreaterThan(window);
    assertThat(mux.windows().granted()).isGreaterThan(window - 4096L);
  }

  @Test
  void aStreamWhoseReaderKeepsUpGrowsItsWindowOnceSeveralWindowsWentThrough() throws Exception {
    Multiplexer mux = mux(limits(8));
    StreamOpener opener = new StreamOpener(mux, () -> { });
    TunnelStream s = opened(mux, opener, 1000);
    Socket[] p = pair();
    s.start(StreamSocket.of(p[0].getChannel()));
    int window = s.initialWindow();
    int quarter = window / 4;
    byte[] chunk = new byte[quarter];
    long sent = 0;
    long credit = 0;
    // Each quarter is read at once and credited back: the sender never nears the end of its window,
    // so only the amount carried can tell this stream is busy.
    while (sent < (long) TunnelStream.SUSTAINED_WINDOWS * window) {
      assertThat(credit).as("credit after %d bytes, before %d windows went through", sent, TunnelStream.SUSTAINED_WINDOWS).isEqualTo(sent);
      mux.receive(FrameWriter.data(s.id(), chunk, 0, quarter));
      sent += quarter;
      assertThat(p[1].getInputStream().readNBytes(quarter)).hasSize(quarter);
      credit += sink.next(FrameType.WINDOW).getInt(5);
    }
    assertThat(credit - sent).as("window added once %d windows went through", TunnelStream.SUSTAINED_WINDOWS).isEqualTo(window);
    assertThat(mux.windows().granted()).isGreaterThanOrEqualTo(2L * window - 4096);
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
