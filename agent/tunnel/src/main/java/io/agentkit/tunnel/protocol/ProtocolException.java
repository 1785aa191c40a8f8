package io.agentkit.tunnel.protocol;

/**
 * A frame the peer should not have sent. Stream errors reset one stream; connection errors close
 * the WebSocket with {@link #closeCode()}.
 */
public final class ProtocolException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int streamId;
  private final int closeCode;
  private final Reason reason;
  private final boolean open;

  private ProtocolException(String message, int streamId, int closeCode, Reason reason, boolean open) {
    super(message);
    this.streamId = streamId;
    this.closeCode = closeCode;
    this.reason = reason;
    this.open = open;
  }

  public static ProtocolException connection(String message) {
    return new ProtocolException(message, 0, TunnelProtocol.CLOSE_PROTOCOL_ERROR, Reason.PROTOCOL, false);
  }

  public static ProtocolException tooBig(String message) {
    return new ProtocolException(message, 0, TunnelProtocol.CLOSE_TOO_BIG, Reason.PROTOCOL, false);
  }

  public static ProtocolException stream(int streamId, Reason reason, String message) {
    return new ProtocolException(message, streamId, 0, reason, false);
  }

  /** A well-framed OPEN whose content is unusable: the stream is refused, the connection goes on. */
  public static ProtocolException badOpen(int streamId, String message) {
    return new ProtocolException(message, streamId, 0, Reason.PROTOCOL, true);
  }

  /** A stream error about an OPEN, answered with OPEN_FAILED rather than RESET. */
  public boolean isOpenError() {
    return open;
  }

  public boolean isStreamError() {
    return streamId != 0;
  }

  public int streamId() {
    return streamId;
  }

  public int closeCode() {
    return closeCode;
  }

  public Reason reason() {
    return reason;
  }
}
