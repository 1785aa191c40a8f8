package io.agentkit.tunnel.connection;

import io.agentkit.tunnel.mux.Multiplexer;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The sending thread of a connection, on either end: takes frames from the {@link SendQueue},
 * sends a PING every {@link TunnelProtocol#PING_INTERVAL_MILLIS} and declares the peer dead when no
 * frame arrived for {@link TunnelProtocol#DEAD_AFTER_MILLIS}.
 */
public final class SenderLoop {

  /** The WebSocket underneath. */
  public interface Transport {
    /** Sends one binary message; returns once it is written. */
    void send(ByteBuffer frame) throws Exception;

    boolean isClosed();

    /** The peer sent nothing for {@link TunnelProtocol#DEAD_AFTER_MILLIS}. */
    void peerSilent();

    void sendFailed(Throwable e);
  }

  /** How long the loop waits for a frame before it looks at the clocks again. */
  static final long TICK_MILLIS = 1000;

  private SenderLoop() {}

  /** @param nanoClock {@link System#nanoTime} except in tests; the same clock the multiplexer stamps frames with */
  public static void run(SendQueue queue, Multiplexer mux, Transport transport, LongSupplier nanoClock) {
    long lastPing = nanoClock.getAsLong();
    long dead = TimeUnit.MILLISECONDS.toNanos(TunnelProtocol.DEAD_AFTER_MILLIS);
    long interval = TimeUnit.MILLISECONDS.toNanos(TunnelProtocol.PING_INTERVAL_MILLIS);
    try {
      while (!transport.isClosed()) {
        ByteBuffer frame = queue.take(TICK_MILLIS);
        long now = nanoClock.getAsLong();
        if (now - mux.lastReceivedNanos() > dead) {
          transport.peerSilent();
          return;
        }
        if (now - lastPing > interval) {
          lastPing = now;
          queue.sendControl(FrameWriter.ping(now));
        }
        if (frame != null) {
          transport.send(frame);
          // Written: its buffer may be reused.
          queue.sent(frame);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception | Error e) {
      if (!transport.isClosed()) {
        transport.sendFailed(e);
      }
    }
  }
}
