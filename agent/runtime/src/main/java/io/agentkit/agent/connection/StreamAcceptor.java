package io.agentkit.agent.connection;

import io.agentkit.contract.env.LogLevel;
import io.agentkit.contract.log.Log;
import io.agentkit.tunnel.mux.Multiplexer;
import io.agentkit.tunnel.mux.StreamRole;
import io.agentkit.tunnel.mux.StreamSocket;
import io.agentkit.tunnel.mux.StreamThreads;
import io.agentkit.tunnel.mux.TunnelStream;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.protocol.Reason;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * The agent's role on its connection: answers every OPEN (dialing the target on a thread of its
 * own, or refusing: draining, overloaded, malformed), and drains on shutdown. The orchestrator's
 * frames (OPENED, OPEN_FAILED, DRAIN) are protocol errors here.
 */
public final class StreamAcceptor implements StreamRole {

  private final Multiplexer mux;
  private final Dialer dialer;
  private volatile boolean draining;
  // Receiver thread only.
  private long highestOpen;

  public StreamAcceptor(Multiplexer mux, Dialer dialer) {
    this.mux = mux;
    this.dialer = dialer;
    mux.setRole(this);
  }

  /** Refuses new streams from now on and tells the orchestrator. */
  public void drain() {
    draining = true;
    mux.sink().sendControl(FrameWriter.drain());
  }

  public boolean isDraining() {
    return draining;
  }

  public int activeStreams() {
    return mux.activeStreams();
  }

  @Override
  public void onOpen(int streamId, int window, String host, int port) throws ProtocolException {
    checkIncreasing(streamId);
    String target = host + ":" + port;
    if (draining) {
      refuse(streamId, Reason.DRAINING, "agent is draining");
      return;
    }
    TunnelStream s = mux.admit(streamId, target, window);
    if (s == null) {
      int max = mux.windows().limits().maxStreams();
      QuietLog.log(LogLevel.WARN, "Refusing stream: the agent carries its maximum of streams", "stream", Integer.toUnsignedString(streamId),
          "target", target, "limit", max);
      refuse(streamId, Reason.OVERLOADED, "agent carries " + max + " streams already");
      return;
    }
    StreamThreads.start("dial-" + Integer.toUnsignedString(streamId), () -> dial(s, host, port));
  }

  @Override
  public void onBadOpen(int streamId, String problem) throws ProtocolException {
    checkIncreasing(streamId);
    QuietLog.log(LogLevel.WARN, "Refusing stream: malformed OPEN", "stream", Integer.toUnsignedString(streamId), "err", problem);
    refuse(streamId, Reason.PROTOCOL, problem);
  }

  private void checkIncreasing(int streamId) throws ProtocolException {
    long id = Integer.toUnsignedLong(streamId);
    if (id <= highestOpen) {
      throw ProtocolException.connection("OPEN for stream " + id + ", not above the highest id so far (" + highestOpen + ")");
    }
    highestOpen = id;
  }

  private void refuse(int streamId, Reason reason, String message) {
    mux.sink().sendControl(FrameWriter.openFailed(streamId, reason, message));
  }

  private void dial(TunnelStream s, String host, int port) {
    SocketChannel socket;
    try {
      socket = dialer.dial(host, port);
    } catch (Dialer.DialException e) {
      QuietLog.log(LogLevel.INFO, "Cannot open stream", "stream", Integer.toUnsignedString(s.id()), "target", s.target(), "reason", e.reason().label(),
          "err", e.getMessage());
      if (s.terminateQuietly(e.reason(), e.getMessage())) {
        refuse(s.id(), e.reason(), e.getMessage());
      }
      return;
    } catch (RuntimeException | Error e) {
      Log.error("Dial failed", "stream", Integer.toUnsignedString(s.id()), "target", s.target(), "err", String.valueOf(e));
      if (s.terminateQuietly(Reason.INTERNAL, "internal error")) {
        refuse(s.id(), Reason.INTERNAL, "internal error");
      }
      return;
    }
    if (s.isTerminated()) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // The orchestrator gave up on this stream while we dialed.
      }
      return;
    }
    mux.countOpened();
    Log.debug("Stream opened", "stream", Integer.toUnsignedString(s.id()), "target", s.target());
    mux.sink().sendControl(FrameWriter.opened(s.id(), s.initialWindow()));
    s.start(StreamSocket.of(socket));
  }

  @Override
  public void onOpened(int streamId, int window) throws ProtocolException {
    throw ProtocolException.connection("OPENED from the orchestrator; only the agent answers OPEN");
  }

  @Override
  public void onOpenFailed(int streamId, Reason reason, String message) throws ProtocolException {
    throw ProtocolException.connection("OPEN_FAILED from the orchestrator; only the agent answers OPEN");
  }

  @Override
  public void onDrain() throws ProtocolException {
    throw ProtocolException.connection("DRAIN from the orchestrator; only agents drain");
  }
}
