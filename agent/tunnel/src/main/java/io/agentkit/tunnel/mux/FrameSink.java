package io.agentkit.tunnel.mux;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where a connection's outgoing frames go: a WebSocket send queue on either end. */
public interface FrameSink {

  /**
   * Queues a small control frame (OPEN, OPENED, WINDOW, RESET, PING, …) ahead of queued DATA. Never
   * blocks; a sink whose control queue overflows fails its connection.
   */
  void sendControl(ByteBuffer frame);

  /**
   * Queues DATA or CLOSE behind earlier DATA of the same connection (a CLOSE must not overtake the
   * stream's last bytes), blocking while the bounded data queue is full.
   *
   * @throws IOException once the connection is closed
   */
  void sendInOrder(ByteBuffer frame) throws IOException, InterruptedException;

  /** Payload bytes per DATA frame that keep this direction's TLS records full. */
  int dataChunk();
}
