package io.agentkit.tunnel.connection;

import io.agentkit.tunnel.mux.FrameSink;
import io.agentkit.tunnel.protocol.FrameWriter;
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
 *
 * <p>DATA buffers of at least half a chunk are whole-chunk arrays that come back to a small pool once
 * the sender has written them, so bulk forwarding does not make a 64 KiB array of garbage per frame.
 * Every array is charged to the DATA budget in full for as long as it exists here: while a pump
 * fills it, while it waits in the queue or is written, and while it lies free in the pool. A
 * reservation that finds the budget spent drops free pooled arrays first, so the pool never costs
 * memory the budget does not allow.
 */
public final class SendQueue implements FrameSink {

  /** What a queued control frame costs beyond its bytes: the buffer object and the queue slot. */
  static final int CONTROL_OVERHEAD = 64;

  /** Free whole-chunk arrays kept at most: enough for the frames a sender writes while pumps refill. */
  static final int POOL_MAX = 8;

  private record Data(ByteBuffer frame, int charge) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition budgetFree = lock.newCondition();
  private final Condition drained = lock.newCondition();
  private final ArrayDeque<ByteBuffer> control = new ArrayDeque<>();
  private final ArrayDeque<Data> data = new ArrayDeque<>();
  private final ArrayDeque<ByteBuffer> pool = new ArrayDeque<>();
  private final int poolMax;
  private final int dataChunk;
  private final int dataCapacity;
  private final int controlCapacity;
  private final Runnable onOverflow;
  // Guarded by lock.
  private int dataReserved;
  private int controlBytes;
  private boolean closed;
  /** The DATA frame the sender took last, charged until {@link #sent} says it is written. */
  private Data inFlight;

  /**
   * @param dataCapacity bytes of DATA payload reserved or queued at most
   * @param controlCapacity bytes of queued control frames at most; one more runs {@code onOverflow}
   */
  public SendQueue(int dataChunk, int dataCapacity, int controlCapacity, Runnable onOverflow) {
    this.dataChunk = dataChunk;
    this.dataCapacity = dataCapacity;
    this.controlCapacity = controlCapacity;
    this.onOverflow = onOverflow;
    // A quarter of the budget at most, so pooled arrays never crowd out the frames they are for.
    this.poolMax = Math.min(POOL_MAX, dataCapacity / dataChunk / 4);
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
  public ByteBuffer reserveData(int max) throws IOException, InterruptedException {
    int want = Math.max(1, Math.min(max, dataChunk));
    // Half a chunk or more goes into a whole-chunk array from the pool, charged whole.
    boolean whole = poolMax > 0 && want * 2 >= dataChunk;
    ByteBuffer buffer = null;
    int grant;
    int array;
    lock.lock();
    try {
      while (true) {
        if (closed) {
          throw new IOException("tunnel connection closed");
        }
        if (whole && !pool.isEmpty()) {
          // Its charge is already counted.
          buffer = pool.poll();
          grant = want;
          array = dataChunk;
          break;
        }
        int free = dataCapacity - dataReserved;
        if (free <= 0 && !pool.isEmpty()) {
          // The budget is spent and part of it lies idle in the pool: give that part to this pump.
          pool.poll();
          dataReserved -= dataChunk;
          continue;
        }
        if (free > 0) {
          array = whole && free >= dataChunk ? dataChunk : Math.min(want, free);
          grant = Math.min(want, array);
          dataReserved += array;
          break;
        }
        budgetFree.await();
      }
      if (dataReserved < dataCapacity || !pool.isEmpty()) {
        // Pass the wake-up on: one release may cover several waiters.
        budgetFree.signal();
      }
    } finally {
      lock.unlock();
    }
    if (buffer == null) {
      buffer = FrameWriter.dataBuffer(array);
    }
    int at = FrameWriter.dataOffset();
    return buffer.clear().position(at).limit(at + grant);
  }

  @Override
  public void releaseData(ByteBuffer buffer) {
    lock.lock();
    try {
      dataReserved -= charge(buffer);
      budgetFree.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void sendData(ByteBuffer frame) {
    enqueue(new Data(frame, charge(frame)));
  }

  /** The budget a DATA buffer holds: its whole array after the headers. */
  private static int charge(ByteBuffer buffer) {
    return buffer.capacity() - FrameWriter.dataOffset();
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
          // Still charged while the sender writes it; sent() releases it or keeps it in the pool.
          inFlight = d;
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

  /**
   * The sender wrote {@code frame}, which {@link #take} returned: its array is free now. A whole-chunk
   * DATA array goes back to the pool with its charge, any other charge is released. Only the sender
   * calls this, after the write returned, so no pump gets an array that is still being written.
   */
  public void sent(ByteBuffer frame) {
    lock.lock();
    try {
      Data d = inFlight;
      if (d == null || d.frame != frame) {
        return;
      }
      inFlight = null;
      if (!closed && d.charge == dataChunk && pool.size() < poolMax) {
        pool.add(frame);
      } else {
        dataReserved -= d.charge;
      }
      budgetFree.signal();
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

  /** DATA bytes reserved, queued, being written or pooled now. */
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
      pool.clear();
      inFlight = null;
      controlBytes = 0;
      notEmpty.signalAll();
      budgetFree.signalAll();
      drained.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
