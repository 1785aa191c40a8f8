package io.agentkit.tunnel.ws;

import java.io.IOException;

/**
 * Why a WebSocket stopped delivering messages. Each kind names the close code RFC 6455 gives it;
 * the tunnel maps some of them to its own codes ({@code CloseCause}).
 */
public abstract sealed class WebSocketException extends IOException {

  private static final long serialVersionUID = 1L;

  private final int code;

  WebSocketException(int code, String message) {
    super(message);
    this.code = code;
  }

  /** The close code that goes with this ending. */
  public int code() {
    return code;
  }

  /** The peer sent a close frame ({@code code} is its code), or the connection ended without one (1006). */
  public static final class Closed extends WebSocketException {
    private static final long serialVersionUID = 1L;

    public Closed(int code, String reason) {
      super(code, reason);
    }
  }

  /** The peer broke WebSocket framing itself (1002 or 1007). */
  public static final class Violation extends WebSocketException {
    private static final long serialVersionUID = 1L;

    public Violation(int code, String message) {
      super(code, message);
    }
  }

  /** A message over the size limit, refused before anything was allocated for it (1009). */
  public static final class TooBig extends WebSocketException {
    private static final long serialVersionUID = 1L;

    public TooBig(String message) {
      super(WebSocketProtocol.CLOSE_TOO_BIG, message);
    }
  }

  /** A text message: valid WebSocket, but the tunnel only carries binary messages. */
  public static final class TextMessage extends WebSocketException {
    private static final long serialVersionUID = 1L;

    public TextMessage() {
      super(1003, "text message on the tunnel");
    }
  }
}
