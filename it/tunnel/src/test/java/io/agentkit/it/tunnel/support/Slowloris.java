package io.agentkit.it.tunnel.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile client: many connections that each send the start of a request and then one more byte
 * every 2 s, never finishing. One thread and a selector carry them all (non-blocking sockets), so a
 * test can hold thousands. It never reconnects; it counts what the server closed.
 */
public final class Slowloris implements AutoCloseable {

  /** A TLS record header announcing a 512-byte handshake message: the server waits for the rest. */
  public static final byte[] TLS_RECORD = {0x16, 0x03, 0x01, 0x02, 0x00};

  private static final long TRICKLE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Selector selector;
  private final List<SocketChannel> channels = new ArrayList<>();
  private final java.util.Set<SocketChannel> ended = new java.util.HashSet<>();
  /** Channels that sent at least one byte after their prefix. Runner thread only. */
  private final java.util.Set<SocketChannel> trickled = new java.util.HashSet<>();
  private final byte[] prefix;
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger closedByServer = new AtomicInteger();
  private final AtomicInteger notYetTrickled;
  private final Thread thread;
  private volatile boolean running = true;

  private Slowloris(int port, int connections, byte[] prefix) throws IOException {
    this.selector = Selector.open();
    this.prefix = prefix;
    this.notYetTrickled = new AtomicInteger(connections);
    InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    for (int i = 0; i < connections; i++) {
      SocketChannel c = SocketChannel.open();
      c.configureBlocking(false);
      channels.add(c);
      open.incrementAndGet();
      if (c.connect(target)) {
        started(c);
      } else {
        c.register(selector, SelectionKey.OP_CONNECT);
      }
    }
    thread = new Thread(this::run, "slowloris-" + port);
    thread.setDaemon(true);
    thread.start();
  }

  /** Opens {@code connections} to {@code port} on loopback, each sending {@code prefix} then a byte every 2 s. */
  public static Slowloris start(int port, int connections, byte[] prefix) throws IOException {
    return new Slowloris(port, connections, prefix);
  }

  /** Connections that completed TCP. */
  public int connected() {
    return connected.get();
  }

  /** Connections still open on this side. */
  public int open() {
    return open.get();
  }

  /** Connections the server closed or reset. */
  public int closedByServer() {
    return closedByServer.get();
  }

  /** Connections neither closed by the server nor yet past their prefix: 0 once the trickle has begun on every held one. */
  public int notYetTrickled() {
    return notYetTrickled.get();
  }

  private void started(SocketChannel c) throws IOException {
    connected.incrementAndGet();
    c.write(ByteBuffer.wrap(prefix));
    c.register(selector, SelectionKey.OP_READ);
  }

  private void run() {
    ByteBuffer sink = ByteBuffer.allocate(4096);
    ByteBuffer one = ByteBuffer.allocate(1);
    long nextTrickle = System.nanoTime() + TRICKLE_NANOS;
    while (running) {
      try {
        selector.select(200);
        for (SelectionKey k : selector.selectedKeys()) {
          SocketChannel c = (SocketChannel) k.channel();
          try {
            if (k.isConnectable()) {
              c.finishConnect();
              started(c);
            } else if (k.isReadable()) {
              sink.clear();
              if (c.read(sink) < 0) {
                serverClosed(c);
              }
            }
          } catch (IOException e) {
            serverClosed(c);
          }
        }
        selector.selectedKeys().clear();
        if (System.nanoTime() - nextTrickle > 0) {
          nextTrickle += TRICKLE_NANOS;
          for (SocketChannel c : channels) {
            if (!ended.contains(c) && c.isConnected()) {
              try {
                one.clear();
                one.put((byte) 0x41).flip();
                if (c.write(one) == 1 && trickled.add(c)) {
                  notYetTrickled.decrementAndGet();
                }
              } catch (IOException e) {
                serverClosed(c);
              }
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // A selector hiccup ends nothing: the attack goes on until closed.
      }
    }
  }

  /** Counts each channel once: a failed finishConnect has closed the channel already. Runner thread only. */
  private void serverClosed(SocketChannel c) {
    if (ended.add(c)) {
      if (!trickled.contains(c)) {
        notYetTrickled.decrementAndGet();
      }
      closedByServer.incrementAndGet();
      open.decrementAndGet();
      try {
        c.close();
      } catch (IOException ignored) {
        // Closed either way.
      }
    }
  }

  @Override
  public String toString() {
    return "slow clients: " + connected() + " connected, " + closedByServer() + " closed by the server, " + open() + " open";
  }

  @Override
  public void close() throws IOException {
    running = false;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SocketChannel c : channels) {
      c.close();
    }
    selector.close();
  }
}
