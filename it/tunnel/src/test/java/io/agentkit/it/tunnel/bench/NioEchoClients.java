package io.agentkit.it.tunnel.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;

/**
 * Many echo clients on one selector thread: each connects (through the CONNECT proxy when
 * {@code connectTarget} is set), sends {@code bytes} and reads them back, then closes. A thread per
 * connection would need 10,000 threads in the benchmark itself.
 */
final class NioEchoClients {

  /** What a run measured. */
  record Result(int ok, int failed, String firstFailure, double seconds, long[] openMicros) {
    double openP50Millis() {
      return percentile(0.5);
    }

    double percentile(double p) {
      long[] s = Arrays.stream(openMicros).filter(v -> v > 0).sorted().toArray();
      return s.length == 0 ? Double.NaN : s[(int) Math.min(s.length - 1, p * s.length)] / 1000.0;
    }
  }

  private static final class Conn {
    final int index;
    final ByteBuffer request;
    final ByteBuffer head = ByteBuffer.allocate(1024);
    final ByteBuffer out;
    final ByteBuffer in;
    boolean tunnelled;
    boolean counted;
    long started;

    Conn(int index, ByteBuffer request, int bytes) {
      this.index = index;
      this.request = request;
      this.out = ByteBuffer.allocate(bytes);
      for (int i = 0; i < bytes; i++) {
        out.put(i, (byte) (i * 31 + index));
      }
      this.in = ByteBuffer.allocate(bytes);
    }
  }

  private NioEchoClients() {}

  /**
   * @param via where to connect (the proxy, ssh -R's port, or the target)
   * @param connectTarget "host:port" to ask the proxy for, or null to talk to {@code via} directly
   */
  static Result run(InetSocketAddress via, String connectTarget, String user, String password, int clients, int bytes, long timeoutMillis)
      throws IOException {
    return run(via, connectTarget, user, password, clients, clients, bytes, timeoutMillis);
  }

  /** @param connecting how many may be connecting (not yet through the proxy) at once; all stay open together */
  static Result run(InetSocketAddress via, String connectTarget, String user, String password, int clients, int connecting, int bytes,
      long timeoutMillis) throws IOException {
    long[] openMicros = new long[clients];
    int ok = 0;
    int failed = 0;
    String firstFailure = null;
    long t0 = System.nanoTime();
    try (Selector selector = Selector.open()) {
      Conn[] all = new Conn[clients];
      for (int i = 0; i < clients; i++) {
        ByteBuffer request = null;
        if (connectTarget != null) {
          String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
          request = ByteBuffer.wrap(("CONNECT " + connectTarget + " HTTP/1.1\r\nHost: " + connectTarget + "\r\nProxy-Authorization: Basic " + auth
              + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        all[i] = new Conn(i, request, bytes);
      }
      int started = 0;
      int inFlight = 0;
      int open = clients;
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
      while (open > 0 && System.nanoTime() < deadline) {
        while (started < clients && inFlight < connecting) {
          Conn c = all[started++];
          inFlight++;
          SocketChannel ch = SocketChannel.open();
          ch.configureBlocking(false);
          ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
          c.tunnelled = c.request == null;
          c.started = System.nanoTime();
          ch.connect(via);
          ch.register(selector, SelectionKey.OP_CONNECT, c);
        }
        selector.select(100);
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey k = it.next();
          it.remove();
          Conn c = (Conn) k.attachment();
          SocketChannel ch = (SocketChannel) k.channel();
          try {
            if (k.isConnectable()) {
              ch.finishConnect();
              if (c.tunnelled) {
                openMicros[c.index] = (System.nanoTime() - c.started) / 1000;
                inFlight--;
                c.counted = true;
              }
              k.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
              continue;
            }
            if (k.isWritable()) {
              ByteBuffer b = c.tunnelled ? c.out : c.request;
              ch.write(b);
              if (!b.hasRemaining()) {
                k.interestOps(SelectionKey.OP_READ);
              }
            }
            if (k.isReadable()) {
              if (!c.tunnelled) {
                if (ch.read(c.head) < 0) {
                  throw new IOException("proxy closed: " + headText(c));
                }
                String h = headText(c);
                if (h.contains("\r\n\r\n")) {
                  if (!h.startsWith("HTTP/1.1 200")) {
                    throw new IOException(h.substring(0, h.indexOf('\r')));
                  }
                  c.tunnelled = true;
                  openMicros[c.index] = (System.nanoTime() - c.started) / 1000;
                  inFlight--;
                  c.counted = true;
                  k.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
                }
              } else if (ch.read(c.in) < 0) {
                throw new IOException("closed after " + c.in.position() + " bytes");
              } else if (!c.in.hasRemaining()) {
                if (!Arrays.equals(c.in.array(), c.out.array())) {
                  throw new IOException("echo differs");
                }
                ok++;
                open--;
                k.cancel();
                ch.close();
              }
            }
          } catch (IOException e) {
            failed++;
            open--;
            if (!c.counted) {
              inFlight--;
              c.counted = true;
            }
            if (firstFailure == null) {
              firstFailure = e.getMessage();
            }
            k.cancel();
            ch.close();
          }
        }
      }
      failed += open;
      if (open > 0 && firstFailure == null) {
        firstFailure = open + " still open at the timeout";
      }
      for (SelectionKey k : selector.keys()) {
        k.channel().close();
      }
    }
    return new Result(ok, failed, firstFailure, (System.nanoTime() - t0) / 1e9, openMicros);
  }

  private static String headText(Conn c) {
    return new String(c.head.array(), 0, c.head.position(), StandardCharsets.ISO_8859_1);
  }
}
