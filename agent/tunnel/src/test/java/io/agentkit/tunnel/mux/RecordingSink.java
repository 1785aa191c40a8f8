package io.agentkit.tunnel.mux;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.tunnel.protocol.FrameType;
import io.agentkit.tunnel.protocol.FrameWriter;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A sink that records every frame in order and has an unlimited send budget. */
public final class RecordingSink implements FrameSink {

  final LinkedBlockingQueue<ByteBuffer> sent = new LinkedBlockingQueue<>();

  @Override
  public void sendControl(ByteBuffer frame) {
    sent.add(frame);
  }

  @Override
  public int dataBudgetFree() {
    return Integer.MAX_VALUE;
  }

  @Override
  public void onBudgetFree(Runnable listener) {}

  @Override
  public ByteBuffer reserveData(int n) {
    return FrameWriter.dataBuffer(n);
  }

  @Override
  public void sendData(ByteBuffer frame) {
    sent.add(frame);
  }

  @Override
  public void sendInOrder(ByteBuffer frame) {
    sent.add(frame);
  }

  @Override
  public int dataChunk() {
    return 65_000;
  }

  /** The next frame of {@code type}, skipping others; fails after 10 s. */
  public ByteBuffer next(FrameType type) throws InterruptedException {
    while (true) {
      ByteBuffer f = sent.poll(10, TimeUnit.SECONDS);
      assertThat(f).as("a " + type + " frame within 10 s").isNotNull();
      if (f.get(f.position()) == (byte) type.code()) {
        return f.slice();
      }
    }
  }

  /** Frames of {@code type} sent so far, without waiting. */
  public long count(FrameType type) {
    return sent.stream().filter(f -> f.get(f.position()) == (byte) type.code()).count();
  }
}
