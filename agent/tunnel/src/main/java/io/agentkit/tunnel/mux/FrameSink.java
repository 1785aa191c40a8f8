package io.agentkit.tunnel.mux;

import java.nio.ByteBuffer;

/**
 * Where a connection's outgoing frames go: its send queue. DATA is paid for before it exists: the
 * stream loop asks how much of the connection's send budget is free, reads at most that much from
 * a socket, and reserves exactly what it read, so bytes waiting to be sent never exceed the budget
 * however many streams there are. Nothing here waits for budget: when none is free the loop stops
 * reading and the sink tells it when some is back.
 */
public interface FrameSink {

  /**
   * Queues a small control frame (OPEN, OPENED, WINDOW, RESET, PING, …) ahead of queued DATA. Never
   * blocks; a sink whose control queue overflows fails its connection.
   */
  void sendControl(ByteBuffer frame);

  /**
   * Payload bytes {@link #reserveData} can take now. When it answers 0, the listener given to
   * {@link #onBudgetFree} runs once some budget is back.
   */
  int dataBudgetFree();

  /** Runs {@code listener} (on any thread, with no lock of the sink held) when budget is back after {@link #dataBudgetFree} said 0. */
  void onBudgetFree(Runnable listener);

  /**
   * A buffer for a DATA frame of exactly {@code n} payload bytes, 1 ≤ n ≤ {@link #dataBudgetFree()}
   * ({@link io.agentkit.tunnel.protocol.FrameWriter#dataBuffer} layout: position at the first
   * payload byte, limit after the last). Never waits. The buffer's whole array stays charged to the
   * budget until it is passed to {@link #sendData}: it is reserved after the bytes were read, so it is always sent.
   *
   * @throws IllegalStateException when {@code n} exceeds what {@link #dataBudgetFree} allows
   */
  ByteBuffer reserveData(int n);

  /**
   * Sends a DATA frame built in a buffer from {@link #reserveData} (after
   * {@link io.agentkit.tunnel.protocol.FrameWriter#finishData}): queued, or written by the calling
   * thread when nothing is queued or being written (so a lone frame does not wait for a hand-off to
   * the sender). May block while it writes; never waits for the queue. The buffer belongs to the sink
   * from here on: it may reuse the array once the frame is written.
   */
  void sendData(ByteBuffer frame);

  /** Sends a CLOSE behind the stream's DATA (it must not overtake the last bytes), as {@link #sendData} does. */
  void sendInOrder(ByteBuffer frame);

  /** Payload bytes per DATA frame that keep this direction's TLS records full. */
  int dataChunk();
}
