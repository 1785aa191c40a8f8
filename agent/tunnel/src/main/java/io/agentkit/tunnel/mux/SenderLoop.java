package io.agentkit.tunnel.mux;

import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The sending thread of a connection, on either end: takes frames from the {@link SendQueue},
 * sends PINGs and declares the peer dead when it has been silent too long.
 */
public final class SenderLoop {

  /** The WebSocket underneath. */
  public interface Transport {
    /** Sends one binary message; returns once it is written. */
    void send(ByteBuffer frame) throws Exception;

    boolean isClosed();

    /** The peer sent nothing for {@link TunnelProtocol#DEAD_AFTER_MILLIS}. */
    void peerSilent();

    void sendFailed(Exception e);
  }

  private SenderLoop() {}

  public static void run(SendQueue queue, Multiplexer mux, Transport transport) {
    long lastPing = System.nanoTime();
    long dead = TimeUnit.MILLISECONDS.toNanos(TunnelProtocol.DEAD_AFTER_MILLIS);
    long interval = TimeUnit.MILLISECONDS.toNanos(TunnelProtocol.PING_INTERVAL_MILLIS);
    try {
      while (!transport.isClosed()) {
        ByteBuffer frame = queue.take(1000);
        long now = System.nanoTime();
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
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!transport.isClosed()) {
        transport.sendFailed(e);
      }
    }
  }

  public static void start(String name, SendQueue queue, Multiplexer mux, Transport transport) {
    Thread t = new Thread(() -> run(queue, mux, transport), name);
    t.setDaemon(true);
    t.start();
  }
}
