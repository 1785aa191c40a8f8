package io.agentkit.tunnel.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.tunnel.mux.Limits;
import io.agentkit.tunnel.mux.Multiplexer;
import io.agentkit.tunnel.mux.StreamOpener;
import io.agentkit.tunnel.mux.WindowBudget;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sender's clocks, driven by a test clock instead of waiting 45 s. */
class SenderLoopTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final SendQueue queue = new SendQueue(1000, 10_000, 10_000, () -> { });
  private final Multiplexer mux = new Multiplexer(queue, new WindowBudget(Limits.forHeap(64 << 20, 4096)), now::get);
  private final LinkedBlockingQueue<ByteBuffer> sent = new LinkedBlockingQueue<>();
  private final CompletableFuture<String> ended = new CompletableFuture<>();

  {
    new StreamOpener(mux, () -> { });
  }

  private final SenderLoop.Transport transport = transport(sent::add);

  /** A transport that hands each frame to {@code send} and records how the loop ended in {@link #ended}. */
  private SenderLoop.Transport transport(FrameSink send) {
    return new SenderLoop.Transport() {
      @Override
      public void send(ByteBuffer frame) throws Exception {
        send.accept(frame);
      }

      @Override
      public boolean isClosed() {
        return ended.isDone();
      }

      @Override
      public void peerSilent() {
        ended.complete("silent");
      }

      @Override
      public void sendFailed(Throwable e) {
        ended.complete("failed: " + e.getMessage());
      }
    };
  }

  private interface FrameSink {
    void accept(ByteBuffer frame) throws Exception;
  }

  private void advanceSeconds(long s) {
    now.addAndGet(TimeUnit.SECONDS.toNanos(s));
  }

  @Test
  void pingsEveryFifteenSecondsAndDeclaresAPeerSilentForFortyFiveDead() throws Exception {
    Thread loop = Thread.ofVirtual().start(() -> SenderLoop.run(queue, mux, transport, now::get));
    queue.sendControl(FrameWriter.pong(1));
    assertThat(sent.poll(5, TimeUnit.SECONDS).get(0)).isEqualTo((byte) 0x0A);
    advanceSeconds(16);
    queue.sendControl(FrameWriter.pong(2));
    ByteBuffer ping = null;
    for (int i = 0; i < 3 && ping == null; i++) {
      ByteBuffer f = sent.poll(5, TimeUnit.SECONDS);
      if (f != null && f.get(0) == (byte) 0x09) {
        ping = f;
      }
    }
    assertThat(ping).as("a PING after 16 s").isNotNull();
    // A frame from the peer at 30 s keeps it alive at 60 s; nothing after that kills it at 76 s.
    advanceSeconds(14);
    mux.receive(FrameWriter.pong(ping.getLong(5)));
    advanceSeconds(30);
    queue.sendControl(FrameWriter.pong(3));
    Thread.sleep(SenderLoop.TICK_MILLIS + 200);
    assertThat(ended).isNotDone();
    advanceSeconds(TunnelProtocol.DEAD_AFTER_MILLIS / 1000 - 29);
    assertThat(ended.get(SenderLoop.TICK_MILLIS * 3, TimeUnit.MILLISECONDS)).isEqualTo("silent");
    loop.join(5000);
    assertThat(loop.isAlive()).isFalse();
  }

  @Test
  void aFailedSendEndsTheLoopAndIsReported() throws Exception {
    SenderLoop.Transport failing = transport(frame -> {
      throw new java.io.IOException("broken pipe");
    });
    Thread loop = Thread.ofVirtual().start(() -> SenderLoop.run(queue, mux, failing, now::get));
    queue.sendControl(FrameWriter.pong(1));
    assertThat(ended.get(5, TimeUnit.SECONDS)).isEqualTo("failed: broken pipe");
    loop.join(5000);
    assertThat(loop.isAlive()).isFalse();
  }
}
