package io.agentkit.tunnel.connection;

import io.agentkit.contract.env.LogLevel;
import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.WebSocketException;
import io.agentkit.tunnel.ws.WebSocketProtocol;
import java.io.IOException;

/**
 * How a tunnel connection ended, on either end: the one mapping from what happened (an exception
 * from the receive loop, or a local decision) to the close code sent, and the line logged.
 *
 * @param code the close code; for {@code Kind.PEER_CLOSED} the peer's, for {@code Kind.LOST} 1006 (nothing is sent)
 * @param reason the close frame's reason text
 * @param kind who ended it and whether a close frame goes out
 */
public record CloseCause(int code, String reason, Kind kind) {

  public enum Kind {
    /** The peer sent a close frame; it was answered. */
    PEER_CLOSED(null, null),
    /** The connection broke (reset, end of stream, a failed write): nothing to send. */
    LOST(LogLevel.WARN, "Tunnel connection lost"),
    /** The peer broke the WebSocket or tunnel protocol. */
    PEER_VIOLATION(LogLevel.ERROR, "Tunnel protocol error, closing the connection"),
    /** The peer sent nothing for 45 s. */
    PEER_SILENT(LogLevel.ERROR, "No frame from the peer, closing the connection"),
    /** The peer stopped reading until its control queue overflowed. */
    PEER_STALLED(LogLevel.ERROR, "The peer stopped reading, closing the connection"),
    /** A bug or resource failure here. */
    INTERNAL(LogLevel.ERROR, "Tunnel connection failed, closing it"),
    /** This end decided to close (shutdown, replaced, revoked). */
    LOCAL(null, null);

    private final LogLevel level;
    private final String message;

    Kind(LogLevel level, String message) {
      this.level = level;
      this.message = message;
    }

    /** The level of the line this ending is logged at, or null when the owner logs it itself. */
    public LogLevel level() {
      return level;
    }

    public String message() {
      return message;
    }
  }

  /** Whether this end sends a close frame for it. */
  public boolean sendsClose() {
    return kind != Kind.PEER_CLOSED && kind != Kind.LOST;
  }

  /** What the receive loop's exception means. */
  public static CloseCause of(Throwable t) {
    if (t instanceof WebSocketException.Closed c) {
      return c.code() == WebSocketProtocol.CLOSE_ABNORMAL
          ? new CloseCause(c.code(), c.getMessage(), Kind.LOST)
          : new CloseCause(c.code(), c.getMessage(), Kind.PEER_CLOSED);
    }
    if (t instanceof WebSocketException.TooBig) {
      return new CloseCause(TunnelProtocol.CLOSE_TOO_BIG, t.getMessage(), Kind.PEER_VIOLATION);
    }
    if (t instanceof WebSocketException.TextMessage) {
      return new CloseCause(TunnelProtocol.CLOSE_PROTOCOL_ERROR, t.getMessage(), Kind.PEER_VIOLATION);
    }
    if (t instanceof WebSocketException.Violation v) {
      return new CloseCause(v.code(), v.getMessage(), Kind.PEER_VIOLATION);
    }
    if (t instanceof ProtocolException p) {
      return new CloseCause(p.closeCode(), p.getMessage(), Kind.PEER_VIOLATION);
    }
    if (t instanceof IOException) {
      return new CloseCause(WebSocketProtocol.CLOSE_ABNORMAL, String.valueOf(t.getMessage()), Kind.LOST);
    }
    return new CloseCause(TunnelProtocol.CLOSE_INTERNAL_ERROR, "internal error: " + t, Kind.INTERNAL);
  }

  public static CloseCause silent() {
    return new CloseCause(TunnelProtocol.CLOSE_PEER_SILENT, "peer silent for " + TunnelProtocol.DEAD_AFTER_MILLIS / 1000 + " s", Kind.PEER_SILENT);
  }

  public static CloseCause stalled() {
    return new CloseCause(TunnelProtocol.CLOSE_PROTOCOL_ERROR, "control queue overflow: the peer stopped reading", Kind.PEER_STALLED);
  }

  public static CloseCause local(int code, String reason) {
    return new CloseCause(code, reason, Kind.LOCAL);
  }
}
