package io.agentkit.tunnel.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.tunnel.protocol.FrameWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SendQueueTest {

  private final AtomicInteger overflows = new AtomicInteger();

  private SendQueue queue(int dataCapacity, int controlCapacity) {
    return new SendQueue(1000, dataCapacity, controlCapacity, overflows::incrementAndGet);
  }

  /** A DATA frame of {@code n} bytes (or what the budget granted) built in a buffer the queue reserved. */
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
  void aFullDataBudgetBlocksReservationsUntilTheSenderHasWrittenFrames() throws Exception {
    SendQueue q = queue(1000, 10_000);
    ByteBuffer first = q.reserveData(600);
    assertThat(first.remaining()).isEqualTo(600);
    ByteBuffer second = q.reserveData(600);
    assertThat(second.remaining()).as("what is left").isEqualTo(400);
    q.sendData(FrameWriter.finishData(first.position(first.limit()), 1));
    CompletableFuture<ByteBuffer> blocked = CompletableFuture.supplyAsync(() -> {
      try {
        return q.reserveData(500);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, r -> Thread.ofVirtual().start(r));
    assertThatThrownBy(() -> blocked.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    ByteBuffer taken = q.take(0);
    assertThatThrownBy(() -> blocked.get(300, TimeUnit.MILLISECONDS)).as("charged while the sender writes it").isInstanceOf(TimeoutException.class);
    q.sent(taken);
    assertThat(blocked.get(5, TimeUnit.SECONDS).remaining()).isEqualTo(500);
    q.releaseData(second);
    assertThat(q.dataReserved()).isEqualTo(500);
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
    q.releaseData(half);
    q.releaseData(small);
    assertThat(q.dataReserved()).isZero();
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
    CompletableFuture<ByteBuffer> next = CompletableFuture.supplyAsync(() -> {
      try {
        return q.reserveData(400);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, r -> Thread.ofVirtual().start(r));
    assertThat(next.get(5, TimeUnit.SECONDS).remaining()).as("a pooled array is dropped instead of waiting").isEqualTo(400);
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
  void closeWakesEveryWaiter() throws Exception {
    SendQueue q = queue(100, 10_000);
    q.reserveData(100);
    FutureTask<Throwable> reserver = new FutureTask<>(() -> {
      try {
        q.reserveData(1);
        return null;
      } catch (IOException e) {
        return e;
      }
    });
    SendQueue empty = queue(100, 10_000);
    FutureTask<ByteBuffer> taker = new FutureTask<>(() -> empty.take(60_000));
    Thread reserving = start(reserver, "reserver");
    Thread taking = start(taker, "taker");
    // Close only once both wait inside the queue: a waiter that arrived after close would return without a wake-up.
    awaitBlockedIn(reserving, "reserveData");
    awaitBlockedIn(taking, "take");
    q.close();
    empty.close();
    assertThat(reserver.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    assertThat(taker.get(5, TimeUnit.SECONDS)).isNull();
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
