package io.agentkit.it.tunnel.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A plain TCP source for measuring the forwarding machinery alone: the client sends an 8-byte
 * count, the server writes that many bytes and closes. No TLS or hashing at the ends, so the
 * tunnel (or ssh) processes get the CPU.
 */
final class Blaster implements AutoCloseable {

  private final ServerSocket server;

  Blaster() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread w = new Thread(() -> serve(s), "blaster");
          w.setDaemon(true);
          w.start();
        } catch (IOException e) {
          // Closed.
        }
      }
    }, "blaster-accept");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private static void serve(Socket s) {
    try (s) {
      long n = new DataInputStream(s.getInputStream()).readLong();
      OutputStream out = s.getOutputStream();
      byte[] b = new byte[64 * 1024];
      while (n > 0) {
        int len = (int) Math.min(b.length, n);
        out.write(b, 0, len);
        n -= len;
      }
    } catch (IOException e) {
      // Client gone.
    }
  }

  /** Reads {@code n} bytes over an already connected socket; returns MB/s. */
  static double pull(Socket s, long n) throws IOException {
    long t0 = System.nanoTime();
    try (s) {
      new java.io.DataOutputStream(s.getOutputStream()).writeLong(n);
      InputStream in = s.getInputStream();
      byte[] b = new byte[64 * 1024];
      long got = 0;
      int r;
      while ((r = in.read(b)) >= 0) {
        got += r;
      }
      if (got != n) {
        throw new IOException("got " + got + " of " + n + " bytes");
      }
    }
    return n / 1e6 / ((System.nanoTime() - t0) / 1e9);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
