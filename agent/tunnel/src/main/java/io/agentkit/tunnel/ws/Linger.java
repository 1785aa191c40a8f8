package io.agentkit.tunnel.ws;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * Reading what a peer still sends before closing on it. Closing a socket with unread input makes the
 * kernel send a reset instead of a FIN, and a reset can destroy the last thing written (a close frame,
 * an error answer) before the peer has read it. Both ends' lingering closes go through here, so the
 * bounds are the same everywhere: a deadline, and a byte count for peers that might never stop.
 */
public final class Linger {

  private Linger() {
  }

  /**
   * Reads and discards {@code in} until the peer's end of stream, {@code maxBytes} bytes, or
   * {@code millis} milliseconds, whichever comes first; a timeout or a reset ends it quietly. The
   * caller closes the socket afterwards.
   *
   * @param socket the socket under {@code in}, whose read timeout is set to {@code millis} so no read
   *     outlasts the deadline; null when {@code in} has no socket (tests over plain streams)
   */
  public static void drain(Socket socket, InputStream in, int millis, long maxBytes) {
    try {
      if (socket != null) {
        socket.setSoTimeout(millis);
      }
      long deadline = System.nanoTime() + millis * 1_000_000L;
      byte[] discard = new byte[4096];
      long drained = 0;
      int n;
      while (drained < maxBytes && System.nanoTime() < deadline && (n = in.read(discard)) >= 0) {
        drained += n;
      }
    } catch (IOException e) {
      // Timed out or reset: the caller closes either way.
    }
  }
}
