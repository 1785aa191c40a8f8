package io.agentkit.tunnel.mux;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.tunnel.connection.SendQueue;
import io.agentkit.tunnel.protocol.FrameType;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The stream loop against real sockets: reading bounded by the send budget, writing bounded by what the socket takes. */
class StreamLoopTest {

  private static Limits limits() {
    return new Limits(8, 1 << 20, 4096, 65_536, 262_144, 1 << 20, 1 << 20);
  }

  /** A connected pair: [0] for the stream, [1] for the test to play the target; 0 leaves the buffer sizes to the kernel. */
  private static SocketChannel[] pair(int bufferSize) throws Exception {
    try (ServerSocketChannel l = ServerSocketChannel.open()) {
      if (bufferSize > 0) {
        // Before the connection exists, so the target's advertised window is small from the start.
        l.socket().setReceiveBufferSize(bufferSize);
      }
      l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      SocketChannel a = SocketChannel.open();
      if (bufferSize > 0) {
        a.socket().setSendBufferSize(bufferSize);
      }
      a.connect(l.getLocalAddress());
      SocketChannel b = l.accept();
      b.socket().setSoTimeout(10_000);
      return new SocketChannel[] {a, b};
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void readingStopsWhileTheSendBudgetIsSpentAndResumesOnceFramesAreWritten() throws Exception {
    // No direct writes: only this test, as the sender, takes frames, so the budget stays spent until it does.
    SendQueue queue = new SendQueue(1000, 4000, 1 << 20, () -> { }, null);
    Multiplexer mux = new Multiplexer(queue, new WindowBudget(limits()), System::nanoTime);
    TunnelStream s = mux.admit(1, "target", 1 << 20);
    SocketChannel[] p = pair(0);
    s.start(StreamSocket.of(p[0]));
    byte[] sent = random(100_000);
    Thread writer = Thread.ofVirtual().start(() -> {
      try {
        p[1].socket().getOutputStream().write(sent);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (queue.dataReserved() < 4000 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Thread.sleep(200);
    assertThat(queue.dataReserved()).as("the loop read up to the budget and no further").isEqualTo(4000);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    while (received.size() < sent.length) {
      ByteBuffer f = queue.take(10_000);
      assertThat(f).as("a frame within 10 s (%d bytes so far)", received.size()).isNotNull();
      ByteBuffer frame = f.duplicate();
      assertThat(frame.get(frame.position())).isEqualTo((byte) FrameType.DATA.code());
      int payload = frame.position() + TunnelProtocol.HEADER_SIZE;
      received.write(frame.array(), frame.arrayOffset() + payload, frame.limit() - payload);
      queue.sent(f);
      assertThat(queue.dataReserved()).isLessThanOrEqualTo(4000);
    }
    writer.join(10_000);
    assertThat(received.toByteArray()).isEqualTo(sent);
  }

  @Test
  void bytesTheSocketCannotTakeAtOnceWaitUntilTheTargetReads() throws Exception {
    RecordingSink sink = new RecordingSink();
    Multiplexer mux = new Multiplexer(sink, new WindowBudget(limits()), System::nanoTime);
    TunnelStream s = mux.admit(1, "target", 1 << 20);
    SocketChannel[] p = pair(4096);
    s.start(StreamSocket.of(p[0]));
    int window = s.initialWindow();
    byte[] sent = random(window);
    for (int at = 0; at < sent.length; at += 1000) {
      mux.receive(FrameWriter.data(1, sent, at, Math.min(1000, sent.length - at)));
    }
    assertThat(s.receiveBufferCapacity()).as("what the socket did not take waits in the ring").isPositive().isLessThanOrEqualTo(window);
    InputStream in = p[1].socket().getInputStream();
    assertThat(in.readNBytes(sent.length)).isEqualTo(sent);
    sink.next(FrameType.WINDOW);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (s.receiveBufferCapacity() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(s.receiveBufferCapacity()).as("the ring's array is dropped once drained").isZero();
    OutputStream out = p[1].socket().getOutputStream();
    out.write(7);
    assertThat(sink.next(FrameType.DATA).remaining()).isEqualTo(TunnelProtocol.HEADER_SIZE + 1);
  }
}
