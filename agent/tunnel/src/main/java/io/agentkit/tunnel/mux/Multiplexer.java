package io.agentkit.tunnel.mux;

import io.agentkit.contract.log.Log;
import io.agentkit.tunnel.protocol.FrameListener;
import io.agentkit.tunnel.protocol.FrameReader;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.protocol.Reason;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The streams of one tunnel connection: the registry (id → stream) and the dispatch of received
 * frames. It carries streams in both directions and does not know which end it runs at: the frames
 * only one end receives (OPEN; OPENED, OPEN_FAILED, DRAIN) go to its {@link StreamRole}, a
 * {@link StreamOpener} on the orchestrator and the agent's acceptor.
 *
 * <p>{@link #receive} is called by one thread at a time, the connection's receiver.
 */
public final class Multiplexer implements FrameListener {

  private final FrameSink sink;
  private final WindowBudget windows;
  private final LongSupplier nanoClock;
  private final FrameReader reader = new FrameReader(this);
  private final Map<Integer, TunnelStream> streams = new ConcurrentHashMap<>();
  private final StreamLoop loop;
  private final AtomicInteger opened = new AtomicInteger();
  private volatile StreamRole role;
  private volatile boolean closed;
  private volatile long lastReceivedNanos;
  private volatile Object[] logContext = new Object[0];

  /** @param nanoClock {@link System#nanoTime} except in tests of the dead-peer rule */
  public Multiplexer(FrameSink sink, WindowBudget windows, LongSupplier nanoClock) {
    this.sink = sink;
    this.windows = windows;
    this.nanoClock = nanoClock;
    this.lastReceivedNanos = nanoClock.getAsLong();
    this.loop = new StreamLoop(sink);
  }

  /** The thread that moves the bytes of this connection's streams. */
  StreamLoop loop() {
    return loop;
  }

  /** Key-value pairs that say which connection a stream's log line is about (who the peer is). */
  public void setLogContext(Object... keyValues) {
    this.logContext = keyValues.clone();
  }

  /** Sets the end's role; before the first frame is received. */
  public void setRole(StreamRole role) {
    this.role = role;
  }

  public FrameSink sink() {
    return sink;
  }

  public WindowBudget windows() {
    return windows;
  }

  /**
   * Handles one received message (read during the call only: transports reuse their buffer).
   * Stream errors reset the stream and return normally; connection errors are thrown for the
   * transport to close the WebSocket with their close code.
   */
  public void receive(ByteBuffer message) throws ProtocolException {
    lastReceivedNanos = nanoClock.getAsLong();
    try {
      reader.read(message);
    } catch (ProtocolException e) {
      if (!e.isStreamError()) {
        throw e;
      }
      if (e.isOpenError()) {
        role.onBadOpen(e.streamId(), e.getMessage());
        return;
      }
      Log.warn("Stream reset: peer violated the protocol", withContext("stream", Integer.toUnsignedString(e.streamId()), "err", e.getMessage()));
      TunnelStream s = streams.get(e.streamId());
      if (s != null) {
        s.abort(e.reason(), e.getMessage(), true);
      } else {
        sink.sendControl(FrameWriter.reset(e.streamId(), e.reason(), e.getMessage()));
      }
    }
  }

  public long lastReceivedNanos() {
    return lastReceivedNanos;
  }

  public int activeStreams() {
    return streams.size();
  }

  /** Streams opened successfully over this connection's lifetime. */
  public int openedStreams() {
    return opened.get();
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Registers a new stream with a receive window from the connection's budget, or returns null
   * when the connection carries its maximum of streams (or is closed).
   */
  public TunnelStream admit(int streamId, String target, int sendCredit) {
    if (closed) {
      return null;
    }
    int window = windows.admit();
    if (window == 0) {
      return null;
    }
    TunnelStream s = new TunnelStream(streamId, target, this, sink, windows, sendCredit, window);
    streams.put(streamId, s);
    if (closed) {
      s.terminate(Reason.CANCELLED, "the tunnel connection is closed");
      return null;
    }
    return s;
  }

  public TunnelStream stream(int streamId) {
    return streams.get(streamId);
  }

  /** Counts a stream that opened. */
  public void countOpened() {
    opened.incrementAndGet();
  }

  /** The connection is gone: every stream ends without further frames. */
  public void closeAll(String why) {
    closed = true;
    for (TunnelStream s : new ArrayList<>(streams.values())) {
      s.terminate(Reason.CANCELLED, why);
    }
    loop.close();
    StreamRole r = role;
    if (r != null) {
      r.onConnectionClosed(why);
    }
  }

  private Object[] withContext(Object... keyValues) {
    Object[] c = logContext;
    Object[] all = java.util.Arrays.copyOf(c, c.length + keyValues.length);
    System.arraycopy(keyValues, 0, all, c.length, keyValues.length);
    return all;
  }

  void removed(TunnelStream s, Reason reason, String message) {
    streams.remove(s.id(), s);
    StreamRole r = role;
    if (r != null) {
      r.onStreamEnded(s, reason, message);
    }
  }

  @Override
  public void onOpen(int streamId, int window, String host, int port) throws ProtocolException {
    role.onOpen(streamId, window, host, port);
  }

  @Override
  public void onOpened(int streamId, int window) throws ProtocolException {
    role.onOpened(streamId, window);
  }

  @Override
  public void onOpenFailed(int streamId, Reason reason, String message) throws ProtocolException {
    role.onOpenFailed(streamId, reason, message);
  }

  @Override
  public void onDrain() throws ProtocolException {
    role.onDrain();
  }

  @Override
  public void onData(int streamId, ByteBuffer data) throws ProtocolException {
    TunnelStream s = streams.get(streamId);
    if (s != null) {
      s.receiveData(data);
    }
  }

  @Override
  public void onWindow(int streamId, int increment) throws ProtocolException {
    TunnelStream s = streams.get(streamId);
    if (s != null) {
      s.receiveWindow(increment);
    }
  }

  @Override
  public void onClose(int streamId) {
    TunnelStream s = streams.get(streamId);
    if (s != null) {
      s.receiveClose();
    }
  }

  @Override
  public void onReset(int streamId, Reason reason, String message) {
    TunnelStream s = streams.get(streamId);
    if (s != null) {
      Log.debug("Stream reset by peer", "stream", Integer.toUnsignedString(streamId), "target", s.target(), "reason", reason.label(), "err", message);
      s.abort(reason, message, false);
    }
  }

  @Override
  public void onPing(long payload) {
    sink.sendControl(FrameWriter.pong(payload));
  }

  @Override
  public void onPong(long payload) {
    // Liveness is tracked by lastReceivedNanos for every frame.
  }
}
