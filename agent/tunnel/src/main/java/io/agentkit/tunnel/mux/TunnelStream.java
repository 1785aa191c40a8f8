package io.agentkit.tunnel.mux;

import io.agentkit.contract.log.Log;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.protocol.Reason;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One multiplexed stream bridged to a TCP socket, without a thread of its own: the socket is
 * non-blocking and registered with its connection's {@link StreamLoop}. The loop reads what the
 * socket sends into DATA frames while the peer's credit and the connection's send budget allow;
 * the receive loop writes what arrives straight to the socket, and only what the socket cannot
 * take at once waits in a {@link ByteRing} (no larger than the window this side granted, so memory
 * is bounded by the window however the peer slices its DATA) for the loop to write when the socket
 * is writable. An idle stream costs its socket, its key and a few small objects.
 *
 * <p>All mutable state is guarded by {@code lock}; nobody holding it blocks (socket I/O here is
 * non-blocking). {@link #terminate} runs its effects once.
 */
public final class TunnelStream {

  private final int id;
  private final String target;
  private final Multiplexer mux;
  private final FrameSink sink;
  private final WindowBudget windows;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private StreamSocket socket;
  /** The socket's keys with the loop's selector; the same key when one channel does both. */
  private SelectionKey readKey;
  private SelectionKey writeKey;
  /** The interest sets last given to the keys. */
  private int readOps;
  private int writeOps;
  private int sendCredit;
  /** Reading waits for send budget (the loop resumes it). */
  private boolean starved;
  /** Receive window: always {@code receiveRemaining + inbound.size() + unreturned}. */
  private int window;
  private int receiveRemaining;
  private int unreturned;
  /** Bytes credited back since the window last changed size: how much this stream carries. */
  private long carried;
  private final ByteRing inbound = new ByteRing();
  /** Windows' worth of bytes a stream carries before its window grows though its sender never waited. */
  static final int SUSTAINED_WINDOWS = 4;
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

  /** Connects the stream to its socket, which belongs to the stream from here on. */
  public void start(StreamSocket s) {
    try {
      // Before the receive loop can see the socket: its writes must never block.
      s.source().configureBlocking(false);
      s.sink().configureBlocking(false);
    } catch (IOException e) {
      s.close();
      abort(Reason.CANCELLED, "cannot use the socket: " + e.getMessage(), true);
      return;
    }
    lock.lock();
    try {
      if (terminated) {
        s.close();
        return;
      }
      socket = s;
    } finally {
      lock.unlock();
    }
    mux.loop().register(this);
  }

  /** On the loop's thread: registers the socket and sets what the loop waits for. */
  void register(Selector selector) {
    boolean closed = false;
    lock.lock();
    try {
      if (terminated) {
        return;
      }
      try {
        readKey = socket.source().register(selector, 0, this);
        writeKey = socket.sink() == socket.source() ? readKey : socket.sink().register(selector, 0, this);
      } catch (ClosedChannelException e) {
        closed = true;
      }
    } finally {
      lock.unlock();
    }
    if (closed) {
      abort(Reason.CANCELLED, "the socket was closed", true);
      return;
    }
    // Bytes and a CLOSE may have arrived before the socket was connected; this also sets the interest.
    flushToSocket();
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
      updateInterest();
    } finally {
      lock.unlock();
    }
  }

  /**
   * DATA from the peer, on the receive loop's thread: written straight to the socket as far as it
   * takes it without blocking, the rest kept for the loop to write when the socket is writable.
   */
  void receiveData(ByteBuffer data) throws ProtocolException {
    int n = data.remaining();
    ByteBuffer update;
    IOException failed;
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
      int written = 0;
      failed = null;
      if (socket != null && inbound.size() == 0) {
        try {
          written = socket.write(data);
        } catch (IOException e) {
          failed = e;
        }
      }
      // The transport reuses its buffer: copy what the socket did not take. The ring never grows past the window.
      if (failed == null && data.hasRemaining()) {
        inbound.append(data, window);
      }
      update = failed == null ? consumed(written) : null;
      updateInterest();
    } finally {
      lock.unlock();
    }
    afterWriting(failed, update, false);
  }

  void receiveWindow(int increment) throws ProtocolException {
    lock.lock();
    try {
      if ((long) sendCredit + increment > Integer.MAX_VALUE) {
        throw ProtocolException.stream(id, Reason.FLOW_CONTROL, "WINDOW increment overflows the send window");
      }
      sendCredit += increment;
      updateInterest();
    } finally {
      lock.unlock();
    }
  }

  void receiveClose() {
    boolean finish;
    lock.lock();
    try {
      remoteClosed = true;
      finish = shutOutputIfDrained();
      updateInterest();
    } finally {
      lock.unlock();
    }
    if (finish) {
      finishIfDone();
    }
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
    StreamSocket s;
    int held;
    boolean registered;
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
      registered = readKey != null;
    } finally {
      lock.unlock();
    }
    windows.release(held);
    if (s != null) {
      s.close();
    }
    if (registered) {
      // A registered channel's descriptor is released by the selector's next round: make it come now.
      mux.loop().wakeup();
    }
    mux.removed(this, reason, message);
    return true;
  }

  /** On the loop's thread, for a key the selector reported ready. Anything it throws ends this stream only. */
  void onReady(SelectionKey k, ByteBuffer scratch) {
    try {
      if (k.isWritable()) {
        flushToSocket();
      }
      if (k.isValid() && k.isReadable()) {
        readFromSocket(scratch);
      }
    } catch (CancelledKeyException e) {
      // Terminated meanwhile.
    } catch (RuntimeException | Error e) {
      Log.error("Stream failed", "stream", Integer.toUnsignedString(id), "target", target, "err", String.valueOf(e));
      abort(Reason.INTERNAL, "internal error", true);
    }
  }

  /** The loop has send budget again: reading may resume. */
  void budgetBack() {
    lock.lock();
    try {
      starved = false;
      updateInterest();
    } finally {
      lock.unlock();
    }
  }

  /** Socket → tunnel, on the loop's thread: one DATA frame of what the socket holds, within credit and budget. */
  private void readFromSocket(ByteBuffer scratch) {
    int credit;
    lock.lock();
    try {
      if (terminated || localClosed) {
        return;
      }
      credit = sendCredit;
      if (credit == 0) {
        updateInterest();
        return;
      }
    } finally {
      lock.unlock();
    }
    int free = sink.dataBudgetFree();
    if (free == 0) {
      lock.lock();
      try {
        starved = true;
        updateInterest();
      } finally {
        lock.unlock();
      }
      mux.loop().starved(this);
      return;
    }
    scratch.clear().limit(Math.min(Math.min(credit, free), sink.dataChunk()));
    int n;
    try {
      n = socket.read(scratch);
    } catch (IOException e) {
      if (!isTerminated()) {
        Log.debug("Stream read failed", "stream", Integer.toUnsignedString(id), "target", target, "err", e.getMessage());
        abort(Reason.CANCELLED, "reading from the socket failed: " + e.getMessage(), true);
      }
      return;
    }
    if (n == 0) {
      return;
    }
    if (n < 0) {
      sink.sendInOrder(FrameWriter.close(id));
      lock.lock();
      try {
        localClosed = true;
        updateInterest();
      } finally {
        lock.unlock();
      }
      finishIfDone();
      return;
    }
    // Reserved after reading, exactly what was read: within the free budget asked for above (only this thread reserves).
    ByteBuffer frame = sink.reserveData(n);
    frame.put(scratch.flip());
    lock.lock();
    try {
      sendCredit -= n;
      bytesOut += n;
      if (sendCredit == 0) {
        updateInterest();
      }
    } finally {
      lock.unlock();
    }
    // The sink owns the buffer from here on (it may reuse the array once the frame is written).
    sink.sendData(FrameWriter.finishData(frame, id));
  }

  /** Tunnel → socket, on the loop's thread once the socket is writable again. */
  private void flushToSocket() {
    ByteBuffer update;
    boolean finish;
    IOException failed = null;
    lock.lock();
    try {
      if (terminated) {
        return;
      }
      int before = inbound.size();
      try {
        flushLocked();
      } catch (IOException e) {
        failed = e;
      }
      update = failed == null ? consumed(before - inbound.size()) : null;
      finish = failed == null && shutOutputIfDrained();
      updateInterest();
    } finally {
      lock.unlock();
    }
    afterWriting(failed, update, finish);
  }

  /**
   * What follows a write to the socket once the lock is released: a failed write resets the stream,
   * else credit goes back and a stream whose both directions ended is done.
   */
  private void afterWriting(IOException failed, ByteBuffer update, boolean finish) {
    if (failed != null) {
      if (!isTerminated()) {
        Log.debug("Stream write failed", "stream", Integer.toUnsignedString(id), "target", target, "err", failed.getMessage());
        abort(Reason.CANCELLED, "writing to the socket failed: " + failed.getMessage(), true);
      }
      return;
    }
    if (update != null) {
      sink.sendControl(update);
    }
    if (finish) {
      finishIfDone();
    }
  }

  /** Caller holds the lock: writes waiting bytes until the socket takes no more; drops the ring's array once empty. */
  private void flushLocked() throws IOException {
    if (socket == null) {
      return;
    }
    while (inbound.size() > 0) {
      int w = socket.write(ByteBuffer.wrap(inbound.array(), inbound.readOffset(), inbound.readable()));
      if (w == 0) {
        return;
      }
      inbound.consume(w);
    }
    inbound.trim();
  }

  /**
   * Caller holds the lock; {@code n} received bytes reached the socket. Returns the WINDOW frame to
   * send, if credit goes back now. Batches never strand a sender: it only waits once a whole window
   * is unacknowledged, and writing that window passes the threshold several times.
   */
  private ByteBuffer consumed(int n) {
    bytesIn += n;
    unreturned += n;
    if (n == 0 || (unreturned < Math.max(1, window / TunnelProtocol.WINDOW_UPDATE_DIVISOR) && !remoteClosed)) {
      return null;
    }
    carried += unreturned;
    int credit = unreturned + resize();
    unreturned = 0;
    receiveRemaining += credit;
    return credit > 0 && !remoteClosed ? FrameWriter.window(id, credit) : null;
  }

  /** Caller holds the lock: half-closes the socket once the peer closed and everything it sent is written. */
  private boolean shutOutputIfDrained() {
    if (!remoteClosed || outputShut || socket == null || inbound.size() > 0 || terminated) {
      return false;
    }
    try {
      socket.shutdownOutput();
    } catch (IOException e) {
      // The socket is gone; reading from it will say so and end the stream.
      Log.debug("Stream shutdown failed", "stream", Integer.toUnsignedString(id), "target", target, "err", e.getMessage());
    }
    outputShut = true;
    return true;
  }

  /**
   * Caller holds the lock: tells the selector what this stream waits for. Reading while credit and
   * budget last and the socket has not ended; writing while received bytes wait.
   */
  private void updateInterest() {
    if (readKey == null) {
      return;
    }
    int read = !terminated && !localClosed && sendCredit > 0 && !starved ? SelectionKey.OP_READ : 0;
    int write = !terminated && inbound.size() > 0 && !outputShut ? SelectionKey.OP_WRITE : 0;
    if (read == readOps && write == writeOps) {
      return;
    }
    readOps = read;
    writeOps = write;
    try {
      if (readKey == writeKey) {
        readKey.interestOps(read | write);
      } else {
        readKey.interestOps(read);
        writeKey.interestOps(write);
      }
    } catch (CancelledKeyException e) {
      return;
    }
    mux.loop().wakeupFromOutside();
  }


  /**
   * How the window changes as credit goes back (caller holds the lock): doubles, up to
   * {@link Limits#maxWindow}, when the connection's pool has room and the stream is busy: the
   * sender had used more than three quarters of it (it is probably waiting for this very update),
   * or {@link #SUSTAINED_WINDOWS} windows went through since the window last changed. The second
   * rule is for a receiver that keeps up: its sender never nears the end of the window, yet a
   * 64 KiB window would send credit back every 16 KiB, and each WINDOW frame wakes a sending
   * thread at this end and a receiving one at the other (a profile of a 100 MB download found those
   * wake-ups costing more than the crypto). Halves towards {@link Limits#minWindow} when the pool
   * runs low, never below what the receive buffer already holds. Returns the bytes of credit to add
   * (negative: to keep back).
   */
  private int resize() {
    Limits l = windows.limits();
    boolean busy = receiveRemaining <= window / TunnelProtocol.WINDOW_UPDATE_DIVISOR || carried >= SUSTAINED_WINDOWS * (long) window;
    if (busy && window < l.maxWindow()) {
      int extra = windows.grow(Math.min(window, l.maxWindow() - window));
      window += extra;
      if (extra > 0) {
        carried = 0;
      }
      return extra;
    }
    if (windows.underPressure() && window > l.minWindow()) {
      int floor = Math.max(Math.max(l.minWindow(), window / 2), Math.max(inbound.capacity(), receiveRemaining + inbound.size()));
      int back = Math.max(0, Math.min(unreturned, window - floor));
      window -= back;
      windows.shrink(back);
      carried = 0;
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
}
