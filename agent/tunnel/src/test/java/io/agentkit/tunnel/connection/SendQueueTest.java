package io.agentkit.tunnel.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.tunnel.protocol.FrameWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SendQueueTest {

  private final AtomicInteger overflows = new AtomicInteger();

  private SendQueue queue(int dataCapacity, int controlCapacity) {
    return new SendQueue(1000, dataCapacity, controlCapacity, overflows::incrementAndGet);
  }

  /** A DATA frame of {@code n} bytes built in a buffer the queue reserved. */
  private static ByteBuffer frame(SendQueue q, int stream, int n) throws Exception {
    ByteBuffer b = q.reserveData(n);
    return FrameWriter.finishData(b.position(b.limit()), stream);
  }

  /** What the sender does with a frame: take it, write it, report it written. */
  private static ByteBuffer write(SendQueue q) throws Exception {
    ByteBuffer f = q.take(0);
    q.sent(f);
    return f;
  }

  @Test
  void controlFramesOvertakeQueuedData() throws Exception {
    SendQueue q = queue(10_000, 10_000);
    ByteBuffer d = frame(q, 1, 100);
    q.sendData(d);
    q.sendInOrder(FrameWriter.close(1));
    ByteBuffer pong = FrameWriter.pong(5);
    q.sendControl(pong);
    assertThat(q.take(0)).isSameAs(pong);
    assertThat(q.take(0)).isSameAs(d);
    assertThat(q.take(0).get(0)).as("CLOSE stays behind its DATA").isEqualTo((byte) 0x06);
    assertThat(q.take(0)).isNull();
  }

  @Test
  void aSpentBudgetReadsAsNoneFreeUntilTheSenderHasWrittenAFrameAndThenTellsTheLoop() throws Exception {
    SendQueue q = queue(1000, 10_000);
    AtomicInteger told = new AtomicInteger();
    q.onBudgetFree(told::incrementAndGet);
    ByteBuffer first = q.reserveData(400);
    assertThat(q.dataBudgetFree()).isEqualTo(600);
    q.reserveData(400);
    q.reserveData(200);
    assertThat(q.dataBudgetFree()).isZero();
    assertThatThrownBy(() -> q.reserveData(1)).as("never more than is free").isInstanceOf(IllegalStateException.class);
    q.sendData(FrameWriter.finishData(first.position(first.limit()), 1));
    ByteBuffer taken = q.take(0);
    assertThat(q.dataBudgetFree()).as("charged while the sender writes it").isZero();
    assertThat(told).hasValue(0);
    q.sent(taken);
    assertThat(told).as("told once, when budget came back").hasValue(1);
    assertThat(q.dataBudgetFree()).isEqualTo(400);
    assertThat(q.dataReserved()).isEqualTo(600);
  }

  @Test
  void aFrameSentWhileNothingIsQueuedOrBeingWrittenIsWrittenByTheCaller() throws Exception {
    Direct direct = new Direct();
    SendQueue q = new SendQueue(1000, 10_000, 10_000, overflows::incrementAndGet, direct);
    ByteBuffer lone = frame(q, 1, 1000);
    q.sendData(lone);
    assertThat(direct.written).containsExactly(lone);
    assertThat(direct.threads).containsExactly(Thread.currentThread());
    assertThat(q.take(0)).as("nothing left for the sender").isNull();
    assertThat(q.dataReserved()).as("its array is back in the pool, still charged").isEqualTo(1000);
    assertThat(frame(q, 1, 1000).array()).as("and reused").isSameAs(lone.array());
  }

  @Test
  void whileTheSenderWritesFramesQueueInOrderBehindIt() throws Exception {
    Direct direct = new Direct();
    SendQueue q = new SendQueue(1000, 10_000, 10_000, overflows::incrementAndGet, direct);
    ByteBuffer ping = FrameWriter.ping(1);
    q.sendControl(ping);
    assertThat(q.take(0)).isSameAs(ping);
    ByteBuffer one = frame(q, 1, 100);
    q.sendData(one);
    q.sent(ping);
    ByteBuffer two = frame(q, 1, 100);
    q.sendData(two);
    q.sendInOrder(FrameWriter.close(1));
    assertThat(direct.written).as("the sender was busy, then frames were queued").isEmpty();
    assertThat(q.take(0)).isSameAs(one);
    assertThat(q.take(0)).isSameAs(two);
    assertThat(q.take(0).get(0)).as("CLOSE behind its DATA").isEqualTo((byte) 0x06);
  }

  @Test
  void aFailedDirectWriteFailsTheConnectionAndReturnsTheBudget() throws Exception {
    Direct direct = new Direct();
    direct.failWith = new IOException("broken pipe");
    SendQueue q = new SendQueue(1000, 10_000, 10_000, overflows::incrementAndGet, direct);
    q.sendData(frame(q, 1, 100));
    assertThat(direct.failures).hasSize(1);
    assertThat(direct.failures.get(0)).hasMessage("broken pipe");
    assertThat(q.dataReserved()).isZero();
  }

  /** A transport that records what callers wrote on it, and on which thread. */
  private static final class Direct implements SenderLoop.Transport {
    final java.util.List<ByteBuffer> written = new java.util.ArrayList<>();
    final java.util.List<Thread> threads = new java.util.ArrayList<>();
    final java.util.List<Throwable> failures = new java.util.ArrayList<>();
    IOException failWith;

    @Override
    public void send(ByteBuffer frame) throws Exception {
      if (failWith != null) {
        throw failWith;
      }
      written.add(frame);
      threads.add(Thread.currentThread());
    }

    @Override
    public boolean isClosed() {
      return false;
    }

    @Override
    public void peerSilent() {}

    @Override
    public void sendFailed(Throwable e) {
      failures.add(e);
    }
  }

  @Test
  void aWholeChunkArrayIsReusedOnlyOnceTheSenderHasWrittenIt() throws Exception {
    SendQueue q = queue(8000, 10_000);
    ByteBuffer sent = frame(q, 1, 1000);
    q.sendData(sent);
    ByteBuffer taken = q.take(0);
    ByteBuffer whileWriting = q.reserveData(1000);
    assertThat(whileWriting.array()).as("not the array being written").isNotSameAs(sent.array());
    q.sent(taken);
    assertThat(q.dataReserved()).as("the pooled array stays charged").isEqualTo(2000);
    ByteBuffer reused = q.reserveData(1000);
    assertThat(reused.array()).isSameAs(sent.array());
    assertThat(reused.position()).isEqualTo(FrameWriter.dataOffset());
    assertThat(reused.remaining()).isEqualTo(1000);
    assertThat(q.dataReserved()).isEqualTo(2000);
  }

  @Test
  void halfAChunkOrMoreTakesAWholeArrayAndIsChargedForAllOfIt() throws Exception {
    SendQueue q = queue(8000, 10_000);
    ByteBuffer half = q.reserveData(500);
    assertThat(half.remaining()).as("usable: what was asked").isEqualTo(500);
    assertThat(half.capacity() - FrameWriter.dataOffset()).isEqualTo(1000);
    assertThat(q.dataReserved()).isEqualTo(1000);
    ByteBuffer small = q.reserveData(499);
    assertThat(small.capacity() - FrameWriter.dataOffset()).as("small frames get arrays of their size").isEqualTo(499);
    assertThat(q.dataReserved()).isEqualTo(1499);
    q.sendData(FrameWriter.finishData(half.position(half.limit()), 1));
    q.sendData(FrameWriter.finishData(small.position(small.limit()), 1));
    write(q);
    write(q);
    assertThat(q.dataReserved()).as("the whole array stays charged in the pool, the small one is released").isEqualTo(1000);
  }

  @Test
  void pooledArraysGiveWayWhenTheBudgetIsSpent() throws Exception {
    SendQueue q = queue(8000, 10_000);
    q.sendData(frame(q, 1, 1000));
    q.sendData(frame(q, 1, 1000));
    write(q);
    write(q);
    assertThat(q.dataReserved()).as("two arrays in the pool").isEqualTo(2000);
    for (int i = 0; i < 15; i++) {
      q.reserveData(400);
    }
    assertThat(q.dataReserved()).isEqualTo(8000);
    assertThat(q.dataBudgetFree()).as("the pooled arrays count as free").isEqualTo(2000);
    assertThat(q.reserveData(400).remaining()).as("a pooled array is dropped for it").isEqualTo(400);
    assertThat(q.dataReserved()).isEqualTo(8000 - 1000 + 400);
  }

  @Test
  void thePoolKeepsAQuarterOfTheBudgetAtMost() throws Exception {
    SendQueue q = queue(8000, 10_000);
    for (int i = 0; i < 4; i++) {
      q.sendData(frame(q, 1, 1000));
    }
    for (int i = 0; i < 4; i++) {
      write(q);
    }
    assertThat(q.dataReserved()).as("two of four arrays kept").isEqualTo(2000);
  }

  @Test
  void controlOverflowFailsTheConnectionInsteadOfGrowing() {
    SendQueue q = queue(1000, 3 * (13 + SendQueue.CONTROL_OVERHEAD));
    for (int i = 0; i < 3; i++) {
      q.sendControl(FrameWriter.pong(i));
    }
    assertThat(overflows).hasValue(0);
    q.sendControl(FrameWriter.pong(4));
    assertThat(overflows).hasValue(1);
  }

  @Test
  void closeWakesTheSenderAndEndsTheBudget() throws Exception {
    SendQueue q = queue(100, 10_000);
    FutureTask<ByteBuffer> taker = new FutureTask<>(() -> q.take(60_000));
    Thread taking = start(taker, "taker");
    // Close only once it waits inside the queue: a waiter that arrived after close would return without a wake-up.
    awaitBlockedIn(taking, "take");
    q.close();
    assertThat(taker.get(5, TimeUnit.SECONDS)).isNull();
    assertThat(q.dataBudgetFree()).as("nothing to reserve once closed").isZero();
    q.sendControl(FrameWriter.pong(1));
    assertThat(q.take(0)).as("nothing is queued after close").isNull();
  }

  private static Thread start(Runnable task, String name) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits (at most 5 s) until {@code t} is parked inside {@code SendQueue.method}. */
  private static void awaitBlockedIn(Thread t, String method) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!blockedIn(t, method)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(t.getName() + " did not block in SendQueue." + method + " within 5 s: " + t.getState() + " "
            + Arrays.toString(t.getStackTrace()));
      }
      Thread.sleep(5);
    }
  }

  private static boolean blockedIn(Thread t, String method) {
    Thread.State state = t.getState();
    return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
        && Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().equals(SendQueue.class.getName()) && f.getMethodName().equals(method));
  }
}
