package io.agentkit.tunnel.mux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The outgoing frames of one connection, drained by one sender thread. Control frames skip ahead of
 * DATA so a PONG or WINDOW is never stuck behind bulk data; DATA is bounded so memory is too, and
 * a connection whose control queue overflows is failed rather than left to grow.
 */
public final class SendQueue implements FrameSink {

  /** DATA frames queued at most; with 32 KiB frames about 512 KiB per connection. */
  public static final int DATA_CAPACITY = 16;

  /** Control frames are small; this many queued means the peer has stopped reading. */
  public static final int CONTROL_CAPACITY = 65_536;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final ArrayDeque<ByteBuffer> control = new ArrayDeque<>();
  private final ArrayDeque<ByteBuffer> data = new ArrayDeque<>();
  private final int dataChunk;
  private final Runnable onOverflow;
  private boolean closed;

  public SendQueue(int dataChunk, Runnable onOverflow) {
    this.dataChunk = dataChunk;
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
      if (control.size() >= CONTROL_CAPACITY) {
        overflow = true;
      } else {
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
  public void sendInOrder(ByteBuffer frame) throws IOException, InterruptedException {
    lock.lock();
    try {
      while (data.size() >= DATA_CAPACITY && !closed) {
        notFull.await();
      }
      if (closed) {
        throw new IOException("tunnel connection closed");
      }
      data.add(frame);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The next frame to send, control first; null once closed or after {@code timeoutMillis}. */
  public ByteBuffer take(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    lock.lock();
    try {
      while (control.isEmpty() && data.isEmpty() && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        notEmpty.awaitNanos(left);
      }
      if (closed) {
        return null;
      }
      ByteBuffer b = control.poll();
      if (b == null) {
        b = data.poll();
        notFull.signal();
      }
      return b;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until everything queued has been taken by the sender, up to {@code timeoutMillis}. */
  public void awaitEmpty(long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    lock.lock();
    try {
      while ((!control.isEmpty() || !data.isEmpty()) && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        notFull.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
