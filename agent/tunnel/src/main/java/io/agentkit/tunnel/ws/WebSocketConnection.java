package io.agentkit.tunnel.ws;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A WebSocket after the upgrade, for either role: a {@link WebSocketReader} and a
 * {@link WebSocketWriter} over one socket. The server role (orchestrator) expects masked frames and
 * sends unmasked ones; the client role (agent) the reverse.
 *
 * <p>Reading is for one thread, the connection's receiver; it answers pings itself. Writes from any
 * thread are serialised by one lock (a {@link ReentrantLock}: virtual threads may wait on it), so a
 * sender's frames and a pong or close from the receiver never interleave.
 */
public final class WebSocketConnection {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final java.io.Closeable closer;
  private final InputStream in;
  private final WebSocketReader reader;
  private final WebSocketWriter writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  // Guarded by writeLock.
  private boolean closeSent;
  private volatile Consumer<byte[]> pongs = p -> { };

  /**
   * @param in the socket's input, possibly already buffered by the handshake
   * @param client true on the agent's side: frames sent are masked, frames received must not be
   */
  public WebSocketConnection(Socket socket, InputStream in, boolean client, int maxMessage) throws IOException {
    this(socket, in, socket.getOutputStream(), client, maxMessage);
  }

  /** Over plain streams; {@code socket} (may be null) is what {@link #close} closes. */
  public WebSocketConnection(Socket socket, InputStream in, OutputStream out, boolean client, int maxMessage) {
    this(socket, in, out, socket, client, maxMessage);
  }

  /**
   * Over streams layered on {@code socket} (TLS): {@link #close} closes {@code closer} (which says
   * goodbye at its layer and closes the socket); {@code socket} still bounds the closing read.
   */
  public WebSocketConnection(Socket socket, InputStream in, OutputStream out, java.io.Closeable closer, boolean client, int maxMessage) {
    this.socket = socket;
    this.closer = closer;
    this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 64 * 1024);
    this.writer = new WebSocketWriter(out, client, RANDOM);
    this.reader = new WebSocketReader(this.in, !client, maxMessage, new WebSocketReader.ControlFrames() {
      @Override
      public void onPing(byte[] payload) throws IOException {
        writeLock.lock();
        try {
          if (!closeSent) {
            writer.writePong(payload);
          }
        } finally {
          writeLock.unlock();
        }
      }

      @Override
      public void onPong(byte[] payload) {
        pongs.accept(payload);
      }
    });
  }

  /** Where pong payloads go (the tunnel tracks liveness with its own PING frames and ignores them). */
  public void onPong(Consumer<byte[]> listener) {
    this.pongs = listener;
  }

  /**
   * The next binary message, valid until the next call (the reader reuses its buffer). A close
   * from the peer is answered with the same code before {@link WebSocketException.Closed} is thrown.
   */
  public ByteBuffer readMessage() throws IOException {
    try {
      return reader.readMessage();
    } catch (WebSocketException.Closed e) {
      if (e.code() != WebSocketProtocol.CLOSE_ABNORMAL) {
        sendClose(e.code() == WebSocketProtocol.CLOSE_NO_STATUS ? WebSocketProtocol.CLOSE_NORMAL : e.code(), "");
      }
      throw e;
    }
  }

  /** Bytes the reader's message buffer holds. */
  public int readBufferCapacity() {
    return reader.bufferedCapacity();
  }

  /** The buffer's remaining bytes as one binary message; see {@link WebSocketWriter#writeBinary}. */
  public void sendBinary(ByteBuffer payload) throws IOException {
    writeLock.lock();
    try {
      writer.writeBinary(payload);
    } finally {
      writeLock.unlock();
    }
  }

  /** Any bytes as one binary message, for tests that play a misbehaving peer. */
  public void sendBinary(byte[] payload) throws IOException {
    sendFrame(WebSocketProtocol.OP_BINARY, payload);
  }

  public void sendText(String text) throws IOException {
    sendFrame(WebSocketProtocol.OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  public void sendPing(byte[] payload) throws IOException {
    sendFrame(WebSocketProtocol.OP_PING, payload);
  }

  /** A raw frame of any opcode (tests of misbehaving peers). */
  public void sendFrame(int opcode, byte[] payload) throws IOException {
    writeLock.lock();
    try {
      writer.writeFrame(opcode, payload, 0, payload.length);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Sends a close frame once; later calls do nothing. A peer that is gone is ignored, and so is one
   * that stopped reading: when another write has been blocked for a second, no close frame is sent
   * (closing the socket follows).
   */
  public void sendClose(int code, String reason) {
    try {
      if (!writeLock.tryLock(1, java.util.concurrent.TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      if (closeSent) {
        return;
      }
      closeSent = true;
      writer.writeClose(code, reason == null ? "" : reason);
    } catch (IOException ignored) {
      // The peer is gone; closing the socket follows.
    } finally {
      writeLock.unlock();
    }
  }

  public void close() {
    if (closer == null) {
      return;
    }
    try {
      closer.close();
    } catch (IOException ignored) {
      // Nothing left to release.
    }
  }

  /**
   * Closes after a close frame: up to {@code lingerMillis} of reading first so the peer's close
   * arrives ({@link Linger}). Time alone bounds it: what the peer can still send is DATA within the
   * credit this end granted, and its close.
   */
  public void closeAfterSending(int lingerMillis) {
    Linger.drain(socket, in, lingerMillis, Long.MAX_VALUE);
    close();
  }
}
