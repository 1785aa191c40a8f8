package io.agentkit.orchestrator.proxy;

import io.agentkit.tunnel.mux.StreamSocket;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import javax.net.ssl.SSLSocket;

/**
 * A proxy client over TLS as a {@link StreamSocket}. Its TLS runs on the blocking socket the
 * handshake and the CONNECT head used; two virtual threads copy between that socket and two pipes,
 * whose other ends the stream's loop selects on like a plain client's socket. What this costs per
 * TLS client beyond a plain one: four pipe descriptors, two parked virtual threads and two
 * {@value #BUFFER}-byte buffers, within the proxy's per-token stream cap.
 *
 * <p>End of the client's output reaches the stream as end of input; the stream's half-close
 * reaches the client as a TLS half-close. A failure of the client closes the client and this
 * side's pipe ends only: the stream's ends stay open for the stream to find the end by reading and
 * writing and to close through {@link #close} (a channel closed behind the stream loop's back would
 * only cancel its selection key, and the stream would never hear of it).
 */
final class TlsBridge implements StreamSocket {

  static final int BUFFER = 16 * 1024;

  private final SSLSocket client;
  /** Client → stream. */
  private final Pipe in;
  /** Stream → client. */
  private final Pipe out;

  private TlsBridge(SSLSocket client, Pipe in, Pipe out) {
    this.client = client;
    this.in = in;
    this.out = out;
  }

  /** The pipes for {@code client}; {@link #startCopying} once the client may receive the stream's bytes. */
  static TlsBridge open(SSLSocket client) throws IOException {
    Pipe in = Pipe.open();
    try {
      return new TlsBridge(client, in, Pipe.open());
    } catch (IOException e) {
      closeQuietly(in.source());
      closeQuietly(in.sink());
      throw e;
    }
  }

  void startCopying() {
    Thread.ofVirtual().name("proxy-tls-in").start(this::fromClient);
    Thread.ofVirtual().name("proxy-tls-out").start(this::toClient);
  }

  @Override
  public SelectableChannel source() {
    return in.source();
  }

  @Override
  public SelectableChannel sink() {
    return out.sink();
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return in.source().read(dst);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    return out.sink().write(src);
  }

  @Override
  public void shutdownOutput() throws IOException {
    // The copying thread reads the end of the pipe and half-closes the TLS connection.
    out.sink().close();
  }

  @Override
  public void close() {
    closeQuietly(client);
    closeQuietly(in.source());
    closeQuietly(in.sink());
    closeQuietly(out.source());
    closeQuietly(out.sink());
  }

  private void fromClient() {
    byte[] buffer = new byte[BUFFER];
    try {
      InputStream from = client.getInputStream();
      Pipe.SinkChannel to = in.sink();
      int n;
      while ((n = from.read(buffer)) >= 0) {
        ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
        while (b.hasRemaining()) {
          to.write(b);
        }
      }
      to.close();
    } catch (IOException | RuntimeException e) {
      clientFailed();
    }
  }

  private void toClient() {
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    try {
      OutputStream to = client.getOutputStream();
      Pipe.SourceChannel from = out.source();
      while (from.read(buffer.clear()) >= 0) {
        to.write(buffer.array(), 0, buffer.position());
        to.flush();
      }
      client.shutdownOutput();
    } catch (IOException | RuntimeException e) {
      clientFailed();
    }
  }

  /** The stream reads the end of its input and fails its next write. */
  private void clientFailed() {
    closeQuietly(client);
    closeQuietly(in.sink());
    closeQuietly(out.source());
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // Closing is best effort; the other side sees the end either way.
    }
  }
}
