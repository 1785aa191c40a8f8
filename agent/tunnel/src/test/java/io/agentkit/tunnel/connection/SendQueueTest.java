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

  private static ByteBuffer data(int stream, int n) {
    return FrameWriter.data(stream, new byte[n], 0, n);
  }

  @Test
  void controlFramesOvertakeQueuedData() throws Exception {
    SendQueue q = queue(10_000, 10_000);
    int r = q.reserveData(100);
    ByteBuffer d = data(1, r);
    q.sendData(d, r);
    q.sendInOrder(FrameWriter.close(1));
    ByteBuffer pong = FrameWriter.pong(5);
    q.sendControl(pong);
    assertThat(q.take(0)).isSameAs(pong);
    assertThat(q.take(0)).isSameAs(d);
    assertThat(q.take(0).get(0)).as("CLOSE stays behind its DATA").isEqualTo((byte) 0x06);
    assertThat(q.take(0)).isNull();
  }

  @Test
  void aFullDataBudgetBlocksReservationsUntilTheSenderTakesFrames() throws Exception {
    SendQueue q = queue(1000, 10_000);
    assertThat(q.reserveData(600)).isEqualTo(600);
    assertThat(q.reserveData(600)).as("what is left").isEqualTo(400);
    q.sendData(data(1, 600), 600);
    CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> {
      try {
        return q.reserveData(500);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, r -> Thread.ofVirtual().start(r));
    assertThatThrownBy(() -> blocked.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    q.take(0);
    assertThat(blocked.get(5, TimeUnit.SECONDS)).isEqualTo(500);
    q.unreserveData(400);
    assertThat(q.dataReserved()).isEqualTo(500);
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
