package io.agentkit.tunnel.mux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * What a stream moves bytes to and from, as non-blocking channels its connection's
 * {@link StreamLoop} selects on: usually one TCP socket channel, or two channels when something
 * else stands between the stream and the wire (the orchestrator's TLS proxy clients, whose TLS runs
 * on blocking sockets, come through pipes). {@link TunnelStream#start} makes both non-blocking.
 */
public interface StreamSocket {

  /** Where {@link #read} reads; selected for reading. */
  SelectableChannel source();

  /** Where {@link #write} writes; selected for writing. May be {@link #source()} itself. */
  SelectableChannel sink();

  /** Reads what is there without blocking: 0 when nothing is, -1 once the other side ended its output. */
  int read(ByteBuffer dst) throws IOException;

  /** Writes what fits without blocking; returns how many bytes were taken. */
  int write(ByteBuffer src) throws IOException;

  /** No more bytes go this way (the peer's CLOSE); reading goes on. */
  void shutdownOutput() throws IOException;

  /**
   * Closes both directions and everything behind them; never throws. Only the stream calls it: a
   * channel closed behind the stream loop's back only cancels its selection key, and the stream
   * would never hear of it. To end a stream from outside, reset it through its multiplexer.
   */
  void close();

  /** A TCP connection, for example from {@code SocketChannel.open()} or a {@code ServerSocketChannel}. */
  static StreamSocket of(SocketChannel channel) {
    return new Tcp(channel);
  }

  /** One socket channel for both directions. */
  record Tcp(SocketChannel channel) implements StreamSocket {

    public Tcp {
      Objects.requireNonNull(channel, "a stream's socket needs a channel: open it with SocketChannel.open() or accept it from a ServerSocketChannel");
    }

    @Override
    public SelectableChannel source() {
      return channel;
    }

    @Override
    public SelectableChannel sink() {
      return channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return channel.write(src);
    }

    @Override
    public void shutdownOutput() throws IOException {
      channel.shutdownOutput();
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Closing is best effort; the socket is gone either way.
      }
    }
  }
}
