package io.agentkit.agent.connection;

import io.agentkit.tunnel.protocol.Reason;
import java.net.Socket;

/** Opens the TCP connection for an OPEN frame. */
public interface Dialer {

  /** A connected socket, or {@link DialException} saying why not. Bounded in time. */
  Socket dial(String host, int port) throws DialException;

  final class DialException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    public DialException(Reason reason, String message) {
      super(message);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }
}
