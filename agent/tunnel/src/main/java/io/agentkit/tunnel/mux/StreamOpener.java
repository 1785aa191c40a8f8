package io.agentkit.tunnel.mux;

import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.protocol.Reason;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The role of the end that opens streams (the orchestrator): sends OPEN, matches OPENED and
 * OPEN_FAILED to the waiting caller, and hears the peer's DRAIN. It never accepts an OPEN.
 */
public final class StreamOpener implements StreamRole {

  /** An OPEN the peer refused or did not answer. */
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

  /** A stream asked for, until the peer answers. */
  public record Opening(int streamId, CompletableFuture<TunnelStream> result) {}

  private final Multiplexer mux;
  private final Runnable onPeerDrain;
  private final Map<Integer, CompletableFuture<TunnelStream>> pending = new ConcurrentHashMap<>();
  private final Object idLock = new Object();
  // Guarded by idLock.
  private int nextId;
  private volatile boolean peerDraining;

  public StreamOpener(Multiplexer mux, Runnable onPeerDrain) {
    this.mux = mux;
    this.onPeerDrain = onPeerDrain;
    mux.setRole(this);
  }

  /**
   * Asks the peer to open {@code host:port}. The result completes once the peer answers OPENED
   * (start the stream with the client's socket then) or fails with {@link OpenFailedException}
   * (reason OVERLOADED when this connection carries its maximum of streams). Give up on it with
   * {@link #cancel}.
   *
   * @throws IllegalArgumentException when {@code host} is not 1–255 printable ASCII characters
   *     without spaces or {@code port} is outside 1–65535: nothing was registered or sent
   */
  public Opening open(String host, int port) {
    String problem = TunnelProtocol.hostProblem(host);
    if (problem != null || port < 1 || port > 65535) {
      throw new IllegalArgumentException(problem != null ? problem : "port " + port + " outside 1..65535");
    }
    CompletableFuture<TunnelStream> f = new CompletableFuture<>();
    // Ids must reach the peer in increasing order: allocate and queue as one step.
    synchronized (idLock) {
      int id = ++nextId;
      TunnelStream s = mux.admit(id, host + ":" + port, 0);
      if (s == null) {
        f.completeExceptionally(mux.isClosed()
            ? new OpenFailedException(Reason.CANCELLED, "the tunnel connection is closed")
            : new OpenFailedException(Reason.OVERLOADED, "this connection carries " + mux.windows().limits().maxStreams() + " streams already"));
        return new Opening(id, f);
      }
      pending.put(id, f);
      mux.sink().sendControl(FrameWriter.open(id, s.initialWindow(), host, port));
      return new Opening(id, f);
    }
  }

  /** Gives up on a stream (an OPEN not answered in time): the peer gets a RESET. */
  public void cancel(int streamId, String why) {
    CompletableFuture<TunnelStream> f = pending.remove(streamId);
    if (f != null) {
      f.completeExceptionally(new OpenFailedException(Reason.CANCELLED, why));
    }
    TunnelStream s = mux.stream(streamId);
    if (s != null) {
      s.abort(Reason.CANCELLED, why, true);
    }
  }

  /** The peer said it accepts no new streams. */
  public boolean isDraining() {
    return peerDraining;
  }

  public int activeStreams() {
    return mux.activeStreams();
  }

  public int openedStreams() {
    return mux.openedStreams();
  }

  @Override
  public void onOpen(int streamId, int window, String host, int port) throws ProtocolException {
    throw ProtocolException.connection("OPEN from the peer; only this end opens streams");
  }

  @Override
  public void onBadOpen(int streamId, String problem) throws ProtocolException {
    throw ProtocolException.connection("OPEN from the peer; only this end opens streams");
  }

  @Override
  public void onOpened(int streamId, int window) {
    CompletableFuture<TunnelStream> f = pending.remove(streamId);
    TunnelStream s = mux.stream(streamId);
    if (f == null || s == null) {
      return;
    }
    mux.countOpened();
    s.setSendCredit(window);
    f.complete(s);
  }

  @Override
  public void onOpenFailed(int streamId, Reason reason, String message) {
    CompletableFuture<TunnelStream> f = pending.remove(streamId);
    TunnelStream s = mux.stream(streamId);
    if (s != null) {
      s.terminate(reason, message);
    }
    if (f != null) {
      f.completeExceptionally(new OpenFailedException(reason, message));
    }
  }

  @Override
  public void onDrain() {
    peerDraining = true;
    onPeerDrain.run();
  }

  @Override
  public void onStreamEnded(TunnelStream stream, Reason reason, String message) {
    CompletableFuture<TunnelStream> f = pending.remove(stream.id());
    if (f != null) {
      f.completeExceptionally(new OpenFailedException(reason == null ? Reason.CANCELLED : reason,
          message == null ? "stream ended before it opened" : message));
    }
  }

  @Override
  public void onConnectionClosed(String why) {
    for (CompletableFuture<TunnelStream> f : new ArrayList<>(pending.values())) {
      f.completeExceptionally(new OpenFailedException(Reason.CANCELLED, why));
    }
    pending.clear();
  }
}
