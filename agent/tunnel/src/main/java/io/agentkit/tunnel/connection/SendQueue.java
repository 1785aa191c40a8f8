package io.agentkit.tunnel.connection;

import io.agentkit.tunnel.mux.FrameSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The outgoing frames of one connection, drained by one sender thread. Control frames skip ahead of
 * DATA so a PONG or WINDOW is never stuck behind bulk data. Both queues are bounded in bytes: DATA
 * by a budget that pumps reserve before they read from their sockets (so a full queue blocks them
 * before they hold a buffer), control frames by a limit whose overflow fails the connection (the
 * peer stopped reading).
 */
public final class SendQueue implements FrameSink {

  /** What a queued control frame costs beyond its bytes: the buffer object and the queue slot. */
  static final int CONTROL_OVERHEAD = 64;

  private record Data(ByteBuffer frame, int charge) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition budgetFree = lock.newCondition();
  private final Condition drained = lock.newCondition();
  private final ArrayDeque<ByteBuffer> control = new ArrayDeque<>();
  private final ArrayDeque<Data> data = new ArrayDeque<>();
  private final int dataChunk;
  private final int dataCapacity;
  private final int controlCapacity;
  private final Runnable onOverflow;
  // Guarded by lock.
  private int dataReserved;
  private int controlBytes;
  private boolean closed;

  /**
   * @param dataCapacity bytes of DATA payload reserved or queued at most
   * @param controlCapacity bytes of queued control frames at most; one more runs {@code onOverflow}
   */
  public SendQueue(int dataChunk, int dataCapacity, int controlCapacity, Runnable onOverflow) {
    this.dataChunk = dataChunk;
    this.dataCapacity = dataCapacity;
    this.controlCapacity = controlCapacity;
    this.onOverflow = onOverflow;
  }

  @Override
  public int dataChunk() {
    return dataChunk;
  }

  @Override
  public void sendControl(ByteBuffer frame) {
    boolean overflow = false;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      int charge = frame.capacity() + CONTROL_OVERHEAD;
      if (controlBytes + charge > controlCapacity) {
        overflow = true;
      } else {
        controlBytes += charge;
        control.add(frame);
        notEmpty.signal();
      }
    } finally {
      lock.unlock();
    }
    if (overflow) {
      onOverflow.run();
    }
  }

  @Override
  public int reserveData(int max) throws IOException, InterruptedException {
    lock.lock();
    try {
      while (dataReserved >= dataCapacity && !closed) {
        budgetFree.await();
      }
      if (closed) {
        throw new IOException("tunnel connection closed");
      }
      int grant = Math.max(1, Math.min(max, dataCapacity - dataReserved));
      dataReserved += grant;
      if (dataReserved < dataCapacity) {
        // Pass the wake-up on: one release may cover several waiters.
        budgetFree.signal();
      }
      return grant;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void unreserveData(int bytes) {
    lock.lock();
    try {
      dataReserved -= bytes;
      budgetFree.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void sendData(ByteBuffer frame, int reserved) {
    enqueue(new Data(frame, reserved));
  }

  @Override
  public void sendInOrder(ByteBuffer frame) {
    enqueue(new Data(frame, 0));
  }

  private void enqueue(Data d) {
    lock.lock();
    try {
      if (closed) {
        dataReserved -= d.charge;
        return;
      }
      data.add(d);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The next frame to send, control first; null once closed or after {@code timeoutMillis}. */
  public ByteBuffer take(long timeoutMillis) throws InterruptedException {
    long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    lock.lock();
    try {
      while (control.isEmpty() && data.isEmpty() && !closed) {
        if (left <= 0) {
          return null;
        }
        left = notEmpty.awaitNanos(left);
      }
      if (closed) {
        return null;
      }
      ByteBuffer b = control.poll();
      if (b != null) {
        controlBytes -= b.capacity() + CONTROL_OVERHEAD;
      } else {
        Data d = data.poll();
        b = d.frame;
        if (d.charge > 0) {
          dataReserved -= d.charge;
          budgetFree.signal();
        }
      }
      if (control.isEmpty() && data.isEmpty()) {
        drained.signalAll();
      }
      return b;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until everything queued has been taken by the sender, up to {@code timeoutMillis}. */
  public void awaitEmpty(long timeoutMillis) {
    long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    lock.lock();
    try {
      while ((!control.isEmpty() || !data.isEmpty()) && !closed && left > 0) {
        left = drained.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /** DATA bytes reserved or queued now. */
  public int dataReserved() {
    lock.lock();
    try {
      return dataReserved;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiter; queued frames are dropped. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      control.clear();
      data.clear();
      controlBytes = 0;
      notEmpty.signalAll();
      budgetFree.signalAll();
      drained.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
