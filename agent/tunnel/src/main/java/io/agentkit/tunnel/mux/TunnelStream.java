package io.agentkit.tunnel.mux;

import io.agentkit.contract.log.Log;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.protocol.Reason;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One multiplexed stream bridged to a TCP socket. Its reading pump (socket → tunnel) runs while the
 * stream lives, bounded by the peer's credit and the connection's send budget; its writing pump
 * (tunnel → socket) runs only while received bytes wait, so an idle stream costs one parked thread.
 * Received bytes wait in a {@link ByteRing} no larger than the window this side granted, so memory
 * is bounded by the window however the peer slices its DATA.
 *
 * <p>All mutable state is guarded by {@code lock} (a {@link ReentrantLock}: the pumps are virtual
 * threads and wait on its conditions); the connection's receiving thread takes it only briefly and
 * never blocks on I/O. {@link #terminate} runs its effects once.
 */
public final class TunnelStream {

  /** A writing pump with nothing to write waits this long for more before its thread ends. */
  static final long WRITER_LINGER_MILLIS = 200;

  private final int id;
  private final String target;
  private final Multiplexer mux;
  private final FrameSink sink;
  private final WindowBudget windows;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition creditChanged = lock.newCondition();
  private final Condition inboundChanged = lock.newCondition();

  // Guarded by lock.
  private Socket socket;
  private int sendCredit;
  /** Receive window: always {@code receiveRemaining + inbound.size() + unreturned}. */
  private int window;
  private int receiveRemaining;
  private int unreturned;
  private final ByteRing inbound = new ByteRing();
  private boolean writerRunning;
  private boolean remoteClosed;
  private boolean localClosed;
  private boolean outputShut;
  private boolean terminated;
  private long bytesIn;
  private long bytesOut;

  TunnelStream(int id, String target, Multiplexer mux, FrameSink sink, WindowBudget windows, int sendCredit, int window) {
    this.id = id;
    this.target = target;
    this.mux = mux;
    this.sink = sink;
    this.windows = windows;
    this.sendCredit = sendCredit;
    this.window = window;
    this.receiveRemaining = window;
  }

  public int id() {
    return id;
  }

  public String target() {
    return target;
  }

  /** The window this side granted in OPEN or OPENED. */
  public int initialWindow() {
    lock.lock();
    try {
      return window;
    } finally {
      lock.unlock();
    }
  }

  /** Connects the stream to its socket and starts its pumps. */
  public void start(Socket s) {
    boolean write;
    lock.lock();
    try {
      if (terminated) {
        closeQuietly(s);
        return;
      }
      socket = s;
      write = needsWriter();
    } finally {
      lock.unlock();
    }
    StreamThreads.start("stream-" + Integer.toUnsignedString(id) + "-read", () -> guard(() -> readLoop(s)));
    if (write) {
      StreamThreads.start("stream-" + Integer.toUnsignedString(id) + "-write", () -> guard(() -> writeLoop(s)));
    }
  }

  /** Bytes of array the receive buffer holds now (tests of the memory bound). */
  int receiveBufferCapacity() {
    lock.lock();
    try {
      return inbound.capacity();
    } finally {
      lock.unlock();
    }
  }

  public boolean isTerminated() {
    lock.lock();
    try {
      return terminated;
    } finally {
      lock.unlock();
    }
  }

  void setSendCredit(int credit) {
    lock.lock();
    try {
      sendCredit = credit;
      creditChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void receiveData(ByteBuffer data) throws ProtocolException {
    int n = data.remaining();
    Socket s;
    lock.lock();
    try {
      if (terminated) {
        return;
      }
      if (remoteClosed) {
        throw ProtocolException.stream(id, Reason.PROTOCOL, "DATA after CLOSE");
      }
      if (n > receiveRemaining) {
        throw ProtocolException.stream(id, Reason.FLOW_CONTROL, "DATA of " + n + " bytes exceeds the remaining window of " + receiveRemaining);
      }
      receiveRemaining -= n;
      // The transport reuses its buffer: copy. The ring never grows past the window.
      inbound.append(data, window);
      inboundChanged.signal();
      s = needsWriter() ? socket : null;
    } finally {
      lock.unlock();
    }
    if (s != null) {
      StreamThreads.start("stream-" + Integer.toUnsignedString(id) + "-write", () -> guard(() -> writeLoop(s)));
    }
  }

  void receiveWindow(int increment) throws ProtocolException {
    lock.lock();
    try {
      if ((long) sendCredit + increment > Integer.MAX_VALUE) {
        throw ProtocolException.stream(id, Reason.FLOW_CONTROL, "WINDOW increment overflows the send window");
      }
      sendCredit += increment;
      creditChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void receiveClose() {
    Socket s;
    lock.lock();
    try {
      remoteClosed = true;
      inboundChanged.signal();
      s = needsWriter() ? socket : null;
    } finally {
      lock.unlock();
    }
    if (s != null) {
      StreamThreads.start("stream-" + Integer.toUnsignedString(id) + "-write", () -> guard(() -> writeLoop(s)));
    }
  }

  /** Caller holds the lock. Marks the writer running when one should start now. */
  private boolean needsWriter() {
    if (socket == null || writerRunning || terminated || outputShut || (inbound.size() == 0 && !remoteClosed)) {
      return false;
    }
    writerRunning = true;
    return true;
  }

  /** Ends the stream here and tells the peer, unless the peer ended it. */
  void abort(Reason reason, String message, boolean tellPeer) {
    if (terminate(reason, message) && tellPeer) {
      sink.sendControl(FrameWriter.reset(id, reason, message));
    }
  }

  /** Ends the stream without a frame to the peer (the caller answers it); true for the call that ended it. */
  public boolean terminateQuietly(Reason reason, String message) {
    return terminate(reason, message);
  }

  /** @return true for the call that actually terminated the stream */
  boolean terminate(Reason reason, String message) {
    Socket s;
    int held;
    lock.lock();
    try {
      if (terminated) {
        return false;
      }
      terminated = true;
      inbound.consume(inbound.size());
      inbound.trim();
      held = window;
      s = socket;
      creditChanged.signalAll();
      inboundChanged.signalAll();
    } finally {
      lock.unlock();
    }
    windows.release(held);
    closeQuietly(s);
    mux.removed(this, reason, message);
    return true;
  }

  /** Runs a pump; anything it throws ends this stream, never the connection or the process. */
  private void guard(Runnable pump) {
    try {
      pump.run();
    } catch (RuntimeException | Error e) {
      Log.error("Stream failed", "stream", Integer.toUnsignedString(id), "target", target, "err", String.valueOf(e));
      abort(Reason.INTERNAL, "internal error", true);
    }
  }

  private void readLoop(Socket s) {
    int chunk = sink.dataChunk();
    ByteBuffer frame = null;
    try {
      InputStream in = s.getInputStream();
      while (true) {
        int credit;
        lock.lock();
        try {
          while (sendCredit == 0 && !terminated) {
            creditChanged.await();
          }
          if (terminated) {
            return;
          }
          credit = sendCredit;
        } finally {
          lock.unlock();
        }
        // Wait for the first byte without a buffer: a parked stream then holds no frame-sized array.
        int available = in.available();
        int first = -1;
        if (available == 0) {
          first = in.read();
          if (first < 0) {
            break;
          }
          available = 1 + in.available();
        }
        frame = sink.reserveData(Math.min(Math.min(credit, chunk), available));
        byte[] a = frame.array();
        int at = frame.position();
        int room = frame.remaining();
        int got = 0;
        if (first >= 0) {
          a[at] = (byte) first;
          got = 1;
        }
        if (room > got) {
          // Bytes the kernel already holds (room <= available): this read does not block.
          int r = in.read(a, at + got, room - got);
          got += Math.max(r, 0);
        }
        if (got == 0) {
          sink.releaseData(frame);
          frame = null;
          break;
        }
        frame.position(at + got);
        lock.lock();
        try {
          sendCredit -= got;
          bytesOut += got;
        } finally {
          lock.unlock();
        }
        // The sink owns the buffer from here on (it may reuse the array once the frame is written).
        ByteBuffer finished = FrameWriter.finishData(frame, id);
        frame = null;
        sink.sendData(finished);
      }
      sink.sendInOrder(FrameWriter.close(id));
      lock.lock();
      try {
        localClosed = true;
      } finally {
        lock.unlock();
      }
      finishIfDone();
    } catch (IOException e) {
      if (!isTerminated()) {
        Log.debug("Stream read failed", "stream", Integer.toUnsignedString(id), "target", target, "err", e.getMessage());
        abort(Reason.CANCELLED, "reading from the socket failed: " + e.getMessage(), true);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort(Reason.INTERNAL, "interrupted", true);
    } finally {
      if (frame != null) {
        sink.releaseData(frame);
      }
    }
  }

  private void writeLoop(Socket s) {
    try {
      OutputStream out = s.getOutputStream();
      while (true) {
        byte[] a;
        int off;
        int n;
        lock.lock();
        try {
          long linger = TimeUnit.MILLISECONDS.toNanos(WRITER_LINGER_MILLIS);
          while (inbound.size() == 0 && !remoteClosed && !terminated) {
            if (linger <= 0) {
              writerRunning = false;
              inbound.trim();
              return;
            }
            linger = inboundChanged.awaitNanos(linger);
          }
          if (terminated) {
            writerRunning = false;
            return;
          }
          if (inbound.size() == 0) {
            break;
          }
          a = inbound.array();
          off = inbound.readOffset();
          n = inbound.readable();
        } finally {
          lock.unlock();
        }
        out.write(a, off, n);
        ByteBuffer update = null;
        lock.lock();
        try {
          if (terminated) {
            writerRunning = false;
            return;
          }
          inbound.consume(n);
          bytesIn += n;
          unreturned += n;
          // Batches never strand a sender: it only waits once a whole window is unacknowledged,
          // and writing that window passes the threshold several times.
          if (unreturned >= Math.max(1, window / TunnelProtocol.WINDOW_UPDATE_DIVISOR) || remoteClosed) {
            int credit = unreturned + resize();
            unreturned = 0;
            receiveRemaining += credit;
            if (credit > 0 && !remoteClosed) {
              update = FrameWriter.window(id, credit);
            }
          }
        } finally {
          lock.unlock();
        }
        if (update != null) {
          sink.sendControl(update);
        }
      }
      s.shutdownOutput();
      lock.lock();
      try {
        outputShut = true;
        writerRunning = false;
        inbound.trim();
      } finally {
        lock.unlock();
      }
      finishIfDone();
    } catch (IOException e) {
      lock.lock();
      try {
        writerRunning = false;
      } finally {
        lock.unlock();
      }
      if (!isTerminated()) {
        Log.debug("Stream write failed", "stream", Integer.toUnsignedString(id), "target", target, "err", e.getMessage());
        abort(Reason.CANCELLED, "writing to the socket failed: " + e.getMessage(), true);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort(Reason.INTERNAL, "interrupted", true);
    }
  }

  /**
   * How the window changes as credit goes back (caller holds the lock): doubles, up to
   * {@link Limits#maxWindow}, when the sender had used more than three quarters of it (it is
   * probably waiting for this very update) and the connection's pool has room; halves towards
   * {@link Limits#minWindow} when the pool runs low, never below what the receive buffer already
   * holds. Returns the bytes of credit to add (negative: to keep back).
   */
  private int resize() {
    Limits l = windows.limits();
    if (receiveRemaining <= window / TunnelProtocol.WINDOW_UPDATE_DIVISOR && window < l.maxWindow()) {
      int extra = windows.grow(Math.min(window, l.maxWindow() - window));
      window += extra;
      return extra;
    }
    if (windows.underPressure() && window > l.minWindow()) {
      int floor = Math.max(Math.max(l.minWindow(), window / 2), Math.max(inbound.capacity(), receiveRemaining + inbound.size()));
      int back = Math.max(0, Math.min(unreturned, window - floor));
      window -= back;
      windows.shrink(back);
      return -back;
    }
    return 0;
  }

  private void finishIfDone() {
    boolean done;
    long in;
    long out;
    lock.lock();
    try {
      done = localClosed && outputShut;
      in = bytesIn;
      out = bytesOut;
    } finally {
      lock.unlock();
    }
    if (done && terminate(null, null)) {
      Log.debug("Stream closed", "stream", Integer.toUnsignedString(id), "target", target, "bytesIn", in, "bytesOut", out);
    }
  }

  private static void closeQuietly(Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // Closing is best effort; the socket is gone either way.
      }
    }
  }
}
