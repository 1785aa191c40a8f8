package io.agentkit.tunnel.mux;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a connection's outgoing frames go: its send queue. DATA is paid for before it exists: a
 * pump reserves bytes of the connection's send budget, then reads at most that much from its
 * socket, so bytes waiting to be sent never exceed the budget however many streams there are.
 */
public interface FrameSink {

  /**
   * Queues a small control frame (OPEN, OPENED, WINDOW, RESET, PING, …) ahead of queued DATA. Never
   * blocks; a sink whose control queue overflows fails its connection.
   */
  void sendControl(ByteBuffer frame);

  /**
   * Reserves between 1 and {@code max} bytes of the send budget, waiting while none is free.
   *
   * @throws IOException once the connection is closed
   */
  int reserveData(int max) throws IOException, InterruptedException;

  /** Returns reserved bytes that were not used. */
  void unreserveData(int bytes);

  /** Queues a DATA frame whose payload was reserved ({@code reserved} bytes); never blocks. */
  void sendData(ByteBuffer frame, int reserved);

  /** Queues a CLOSE behind the stream's DATA (it must not overtake the last bytes); never blocks. */
  void sendInOrder(ByteBuffer frame);

  /** Payload bytes per DATA frame that keep this direction's TLS records full. */
  int dataChunk();
}
