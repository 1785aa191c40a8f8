package io.agentkit.agent.connection;

import io.agentkit.tunnel.protocol.Reason;
import java.nio.channels.SocketChannel;

/** Opens the TCP connection for an OPEN frame. */
public interface Dialer {

  /** A connected socket (a channel: the stream serves it from its connection's loop), or {@link DialException} saying why not. Bounded in time. */
  SocketChannel dial(String host, int port) throws DialException;

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
