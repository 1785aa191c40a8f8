package io.agentkit.tunnel.mux;

import io.agentkit.contract.log.Log;
import io.agentkit.tunnel.protocol.FrameListener;
import io.agentkit.tunnel.protocol.FrameReader;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.protocol.Reason;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streams of one tunnel connection: the registry (id → stream), dispatch of received frames,
 * and opening streams. The agent passes a {@link Dialer} and answers OPEN; the orchestrator passes
 * none and calls {@link #open}.
 *
 * <p>{@link #receive} is called by one thread at a time, the connection's receiver.
 */
public final class Multiplexer implements FrameListener {

  /** What the owner of the connection wants to hear about. */
  public interface Events {
    /** The agent said it is draining (orchestrator side). */
    default void onPeerDrain() {}
  }

  /** An OPEN the agent refused or did not answer. */
  public static final class OpenFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    public OpenFailedException(Reason reason, String message) {
      super(message);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  private final FrameSink sink;
  private final Dialer dialer;
  private final Events events;
  private final FrameReader reader = new FrameReader(this);
  private final Map<Integer, TunnelStream> streams = new ConcurrentHashMap<>();
  private final Map<Integer, CompletableFuture<TunnelStream>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger();
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger windowBudget = new AtomicInteger(TunnelProtocol.CONNECTION_WINDOW_BUDGET);
  private volatile boolean draining;
  private volatile boolean closed;
  private volatile long lastReceivedNanos = System.nanoTime();
  // Receiver thread only.
  private long highestOpen;

  public Multiplexer(FrameSink sink, Dialer dialer, Events events) {
    this.sink = sink;
    this.dialer = dialer;
    this.events = events;
  }

  /**
   * Handles one received message. Stream errors reset the stream and return normally; connection
   * errors are thrown for the transport to close the WebSocket with their close code.
   */
  public void receive(ByteBuffer message) throws ProtocolException {
    lastReceivedNanos = System.nanoTime();
    try {
      reader.read(message);
    } catch (ProtocolException e) {
      if (!e.isStreamError()) {
        throw e;
      }
      Log.warn("Stream reset: peer violated the protocol", "stream", Integer.toUnsignedString(e.streamId()), "err", e.getMessage());
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

  public boolean isDraining() {
    return draining;
  }

  /** Agent side: refuse new streams from now on and tell the orchestrator. */
  public void drain() {
    draining = true;
    sink.sendControl(FrameWriter.drain());
  }

  /** A stream the orchestrator asked for, until the agent answers. */
  public record Opening(int streamId, CompletableFuture<TunnelStream> result) {}

  /**
   * Orchestrator side: asks the agent to open {@code host:port}. The result completes once the
   * agent answers OPENED (start the stream with the client's socket then) or fails with
   * {@link OpenFailedException}. Give up on it with {@link #cancel}.
   */
  public Opening open(String host, int port) {
    CompletableFuture<TunnelStream> f = new CompletableFuture<>();
    // Ids must reach the agent in increasing order: allocate and queue as one step.
    synchronized (nextId) {
      int id = nextId.incrementAndGet();
      if (closed) {
        f.completeExceptionally(new OpenFailedException(Reason.CANCELLED, "the tunnel connection is closed"));
        return new Opening(id, f);
      }
      streams.put(id, new TunnelStream(id, host + ":" + port, this, sink, 0));
      pending.put(id, f);
      sink.sendControl(FrameWriter.open(id, TunnelProtocol.INITIAL_WINDOW, host, port));
      return new Opening(id, f);
    }
  }

  /** Gives up on a stream (an OPEN not answered in time): the agent gets a RESET. */
  public void cancel(int streamId, String why) {
    CompletableFuture<TunnelStream> f = pending.remove(streamId);
    if (f != null) {
      f.completeExceptionally(new OpenFailedException(Reason.CANCELLED, why));
    }
    TunnelStream s = streams.get(streamId);
    if (s != null) {
      s.abort(Reason.CANCELLED, why, true);
    }
  }

  /** The connection is gone: every stream ends without further frames. */
  public void closeAll(String why) {
    closed = true;
    for (CompletableFuture<TunnelStream> f : new ArrayList<>(pending.values())) {
      f.completeExceptionally(new OpenFailedException(Reason.CANCELLED, why));
    }
    pending.clear();
    for (TunnelStream s : new ArrayList<>(streams.values())) {
      s.terminate();
    }
  }

  /** Takes up to {@code want} bytes of the connection's extra-window budget; returns what it got. */
  int reserveWindow(int want) {
    while (true) {
      int left = windowBudget.get();
      int take = Math.min(left, want);
      if (take <= 0 || windowBudget.compareAndSet(left, left - take)) {
        return Math.max(take, 0);
      }
    }
  }

  void releaseWindow(int bytes) {
    if (bytes > 0) {
      windowBudget.addAndGet(bytes);
    }
  }

  void removed(TunnelStream s) {
    streams.remove(s.id(), s);
    CompletableFuture<TunnelStream> f = pending.remove(s.id());
    if (f != null) {
      f.completeExceptionally(new OpenFailedException(Reason.CANCELLED, "stream ended before it opened"));
    }
  }

  @Override
  public void onOpen(int streamId, int window, String host, int port) throws ProtocolException {
    if (dialer == null) {
      throw ProtocolException.connection("OPEN from the agent; only the orchestrator opens streams");
    }
    long id = Integer.toUnsignedLong(streamId);
    if (id <= highestOpen) {
      throw ProtocolException.connection("OPEN for stream " + id + ", not above the highest id so far (" + highestOpen + ")");
    }
    highestOpen = id;
    if (draining) {
      sink.sendControl(FrameWriter.openFailed(streamId, Reason.DRAINING, "agent is draining"));
      return;
    }
    if (streams.size() >= TunnelProtocol.MAX_STREAMS) {
      Log.warn("Refusing stream: too many open", "stream", Integer.toUnsignedString(streamId), "limit", TunnelProtocol.MAX_STREAMS);
      sink.sendControl(FrameWriter.openFailed(streamId, Reason.OVERLOADED, "agent carries " + TunnelProtocol.MAX_STREAMS + " streams already"));
      return;
    }
    TunnelStream s = new TunnelStream(streamId, host + ":" + port, this, sink, window);
    streams.put(streamId, s);
    PumpThreads.run("dial-" + id, () -> dial(s, host, port));
  }

  private void dial(TunnelStream s, String host, int port) {
    Socket socket;
    try {
      socket = dialer.dial(host, port);
    } catch (Dialer.DialException e) {
      Log.info("Cannot open stream", "stream", Integer.toUnsignedString(s.id()), "target", s.target(), "reason", e.reason().label(), "err", e.getMessage());
      if (s.terminate()) {
        sink.sendControl(FrameWriter.openFailed(s.id(), e.reason(), e.getMessage()));
      }
      return;
    }
    if (s.isTerminated()) {
      try {
        socket.close();
      } catch (java.io.IOException ignored) {
        // The orchestrator gave up on this stream while we dialed.
      }
      return;
    }
    opened.incrementAndGet();
    Log.debug("Stream opened", "stream", Integer.toUnsignedString(s.id()), "target", s.target());
    sink.sendControl(FrameWriter.opened(s.id(), TunnelProtocol.INITIAL_WINDOW));
    s.start(socket);
  }

  @Override
  public void onOpened(int streamId, int window) throws ProtocolException {
    CompletableFuture<TunnelStream> f = pending.remove(streamId);
    TunnelStream s = streams.get(streamId);
    if (f == null || s == null) {
      return;
    }
    opened.incrementAndGet();
    s.setSendCredit(window);
    f.complete(s);
  }

  @Override
  public void onOpenFailed(int streamId, Reason reason, String message) {
    CompletableFuture<TunnelStream> f = pending.remove(streamId);
    TunnelStream s = streams.get(streamId);
    if (s != null) {
      s.terminate();
    }
    if (f != null) {
      f.completeExceptionally(new OpenFailedException(reason, message));
    }
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
    CompletableFuture<TunnelStream> f = pending.remove(streamId);
    if (f != null) {
      f.completeExceptionally(new OpenFailedException(reason, message));
    }
  }

  @Override
  public void onDrain() throws ProtocolException {
    if (dialer != null) {
      throw ProtocolException.connection("DRAIN from the orchestrator; only agents drain");
    }
    draining = true;
    events.onPeerDrain();
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
