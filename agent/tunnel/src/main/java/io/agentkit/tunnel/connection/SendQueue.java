package io.agentkit.tunnel.connection;

import io.agentkit.tunnel.mux.FrameSink;
import io.agentkit.tunnel.protocol.FrameWriter;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The outgoing frames of one connection, drained by one sender thread. Control frames skip ahead of
 * DATA so a PONG or WINDOW is never stuck behind bulk data. Both queues are bounded in bytes: DATA
 * by a budget the stream loop checks before it reads from a socket (so a spent budget stops reading
 * before anything is held), control frames by a limit whose overflow fails the connection (the
 * peer stopped reading).
 *
 * <p>Caller runs: a DATA frame (or an in-order CLOSE) sent while nothing is queued and neither the
 * sender nor another caller is writing is written by the calling thread itself. A lone frame, the
 * usual case for interactive traffic, then reaches the socket without waking the sender thread; the
 * frames of one stream keep their order because a later one can only be written directly once the
 * earlier ones are written. Only the stream loop sends DATA; the receive loop never writes here, so
 * it cannot block on the peer while the peer blocks on it.
 *
 * <p>DATA buffers of at least half a chunk are whole-chunk arrays that come back to a small pool once
 * written, so bulk forwarding does not make a 64 KiB array of garbage per frame. Every array is
 * charged to the DATA budget in full for as long as it exists here: while the loop fills it, while
 * it waits in the queue or is written, and while it lies free in the pool. A reservation that finds
 * the budget spent drops free pooled arrays first, so the pool never costs memory the budget does
 * not allow.
 */
public final class SendQueue implements FrameSink {

  /** What a queued control frame costs beyond its bytes: the buffer object and the queue slot. */
  static final int CONTROL_OVERHEAD = 64;

  /** Free whole-chunk arrays kept at most: enough for the frames a sender writes while the loop refills. */
  static final int POOL_MAX = 8;

  private record Data(ByteBuffer frame, int charge) {}

  private static final Runnable NOTHING = () -> { };

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition drained = lock.newCondition();
  private final ArrayDeque<ByteBuffer> control = new ArrayDeque<>();
  private final ArrayDeque<Data> data = new ArrayDeque<>();
  private final ArrayDeque<ByteBuffer> pool = new ArrayDeque<>();
  private final int poolMax;
  private final int dataChunk;
  private final int dataCapacity;
  private final int controlCapacity;
  private final Runnable onOverflow;
  /** Where callers write directly; null: every frame goes through the sender. */
  private final SenderLoop.Transport direct;
  private volatile Runnable budgetListener = () -> { };
  // Guarded by lock.
  private int dataReserved;
  private int controlBytes;
  private boolean closed;
  /** The DATA frame the sender took last, charged until {@link #sent} says it is written. */
  private Data inFlight;
  /** The sender took a frame and has not reported it written. */
  private boolean senderBusy;
  /** A caller is writing a frame itself. */
  private boolean callerWriting;
  /** {@link #dataBudgetFree} answered 0: tell the listener when budget is back. */
  private boolean budgetWanted;

  /**
   * A queue only its sender drains.
   *
   * @param dataCapacity bytes of DATA payload reserved or queued at most
   * @param controlCapacity bytes of queued control frames at most; one more runs {@code onOverflow}
   */
  public SendQueue(int dataChunk, int dataCapacity, int controlCapacity, Runnable onOverflow) {
    this(dataChunk, dataCapacity, controlCapacity, onOverflow, null);
  }

  /** A queue whose DATA callers write {@code direct}ly when the sender is idle (see the class comment). */
  public SendQueue(int dataChunk, int dataCapacity, int controlCapacity, Runnable onOverflow, SenderLoop.Transport direct) {
    this.dataChunk = dataChunk;
    this.dataCapacity = dataCapacity;
    this.controlCapacity = controlCapacity;
    this.onOverflow = onOverflow;
    this.direct = direct;
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
  public void onBudgetFree(Runnable listener) {
    budgetListener = listener;
  }

  @Override
  public int dataBudgetFree() {
    lock.lock();
    try {
      if (closed) {
        return 0;
      }
      // Pooled arrays count as free: a reservation drops them when it needs their budget.
      int free = dataCapacity - dataReserved + pool.size() * dataChunk;
      if (free <= 0) {
        budgetWanted = true;
        return 0;
      }
      return free;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ByteBuffer reserveData(int n) {
    if (n < 1 || n > dataChunk) {
      throw new IllegalArgumentException("a DATA frame holds 1 to " + dataChunk + " bytes, not " + n);
    }
    // Half a chunk or more goes into a whole-chunk array from the pool, charged whole.
    boolean whole = poolMax > 0 && n * 2 >= dataChunk;
    ByteBuffer buffer = null;
    int array = n;
    lock.lock();
    try {
      if (whole && !pool.isEmpty()) {
        // Its charge is already counted.
        buffer = pool.poll();
      } else {
        while (dataCapacity - dataReserved < n && !pool.isEmpty()) {
          // The budget is spent and part of it lies idle in the pool: give that part to this frame.
          pool.poll();
          dataReserved -= dataChunk;
        }
        int free = dataCapacity - dataReserved;
        if (free < n && !closed) {
          throw new IllegalStateException("reserved " + n + " bytes of DATA with " + free + " free");
        }
        array = whole && free >= dataChunk ? dataChunk : n;
        dataReserved += array;
      }
    } finally {
      lock.unlock();
    }
    if (buffer == null) {
      buffer = FrameWriter.dataBuffer(array);
    }
    int at = FrameWriter.dataOffset();
    return buffer.clear().position(at).limit(at + n);
  }

  @Override
  public void sendData(ByteBuffer frame) {
    send(new Data(frame, charge(frame)));
  }

  /** The budget a DATA buffer holds: its whole array after the headers. */
  private static int charge(ByteBuffer buffer) {
    return buffer.capacity() - FrameWriter.dataOffset();
  }

  @Override
  public void sendInOrder(ByteBuffer frame) {
    send(new Data(frame, 0));
  }

  private void send(Data d) {
    lock.lock();
    try {
      if (closed) {
        dataReserved -= d.charge;
        return;
      }
      if (direct == null || senderBusy || callerWriting || !control.isEmpty() || !data.isEmpty()) {
        data.add(d);
        notEmpty.signal();
        return;
      }
      callerWriting = true;
    } finally {
      lock.unlock();
    }
    Exception failed = null;
    try {
      direct.send(d.frame);
    } catch (Exception e) {
      failed = e;
    }
    Runnable tell;
    lock.lock();
    try {
      callerWriting = false;
      tell = written(d);
    } finally {
      lock.unlock();
    }
    tell.run();
    if (failed != null && !direct.isClosed()) {
      direct.sendFailed(failed);
    }
  }

  /**
   * A DATA frame is written (caller holds the lock): a whole-chunk array goes back to the pool with
   * its charge, any other charge is released. Returns what to run once the lock is released.
   */
  private Runnable written(Data d) {
    if (d.charge == 0) {
      return NOTHING;
    }
    if (!closed && d.charge == dataChunk && pool.size() < poolMax) {
      pool.add(d.frame);
    } else {
      dataReserved -= d.charge;
    }
    return budgetBack();
  }

  /** Caller holds the lock and just returned budget: the listener to run if the loop waits for it. */
  private Runnable budgetBack() {
    if (!budgetWanted || closed) {
      return NOTHING;
    }
    budgetWanted = false;
    return budgetListener;
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
      senderBusy = true;
      if (control.isEmpty() && data.isEmpty()) {
        drained.signalAll();
      }
      return b;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The sender wrote {@code frame}, which {@link #take} returned: its array is free now. Only the
   * sender calls this, after the write returned, so no reservation gets an array still being written.
   */
  public void sent(ByteBuffer frame) {
    Runnable tell = NOTHING;
    lock.lock();
    try {
      senderBusy = false;
      Data d = inFlight;
      if (d != null && d.frame == frame) {
        inFlight = null;
        tell = written(d);
      }
    } finally {
      lock.unlock();
    }
    tell.run();
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
      drained.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
