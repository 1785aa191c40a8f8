package io.agentkit.tunnel.mux;

import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.protocol.Reason;

/**
 * What one end does about the frames only one end may receive: the side that accepts streams
 * (OPEN, answered with OPENED or OPEN_FAILED; it drains) and the side that opens them (OPENED,
 * OPEN_FAILED, DRAIN). The {@link Multiplexer} carries streams either way and knows neither.
 */
public interface StreamRole {

  void onOpen(int streamId, int window, String host, int port) throws ProtocolException;

  /** An OPEN whose payload is malformed (a bad host, port 0, window 0): refuse that stream alone. */
  void onBadOpen(int streamId, String problem) throws ProtocolException;

  void onOpened(int streamId, int window) throws ProtocolException;

  void onOpenFailed(int streamId, Reason reason, String message) throws ProtocolException;

  void onDrain() throws ProtocolException;

  /** A stream left the registry, for any reason; {@code reason} is null after an orderly close. */
  default void onStreamEnded(TunnelStream stream, Reason reason, String message) {}

  /** The connection is gone. */
  default void onConnectionClosed(String why) {}
}
