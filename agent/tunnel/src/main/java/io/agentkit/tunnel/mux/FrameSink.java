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
   * Reserves between 1 and {@code max} bytes of the send budget, waiting while none is free, and
   * returns a buffer for a DATA frame of them ({@link io.agentkit.tunnel.protocol.FrameWriter#dataBuffer}
   * layout: position at the first payload byte, limit after the last reserved one). The buffer's whole
   * array stays charged to the budget until it is passed to {@link #sendData} or {@link #releaseData}.
   *
   * @throws IOException once the connection is closed
   */
  ByteBuffer reserveData(int max) throws IOException, InterruptedException;

  /** Gives back a buffer from {@link #reserveData} that will not be sent; the caller drops it. */
  void releaseData(ByteBuffer buffer);

  /**
   * Queues a DATA frame built in a buffer from {@link #reserveData} (after
   * {@link io.agentkit.tunnel.protocol.FrameWriter#finishData}); never blocks. The buffer belongs to the
   * sink from here on: it may reuse the array once the frame is written.
   */
  void sendData(ByteBuffer frame);

  /** Queues a CLOSE behind the stream's DATA (it must not overtake the last bytes); never blocks. */
  void sendInOrder(ByteBuffer frame);

  /** Payload bytes per DATA frame that keep this direction's TLS records full. */
  int dataChunk();
}
