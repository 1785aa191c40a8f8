package io.agentkit.it.lifecycle.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A corporate forward proxy as settings.xml names one: it answers CONNECT by opening the target on
 * 127.0.0.1 (so any host name works offline) and then relays bytes, which stay TLS end to end. It
 * keeps the CONNECT lines it served, and everything it relayed, for the tests to inspect.
 */
public final class ConnectProxy implements AutoCloseable {

  private final ServerSocket server;
  public final List<String> connects = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream relayed = new ByteArrayOutputStream();

  public ConnectProxy() throws IOException {
    server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "connect-proxy");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Everything the client sent through the proxy, as text: the token must not be readable in it. */
  public String relayedText() {
    synchronized (relayed) {
      return relayed.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread t = new Thread(() -> serve(client), "connect-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n") && head.length() < 8192) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.append((char) b);
      }
      String line = head.toString().lines().findFirst().orElse("");
      String[] parts = line.split(" ");
      if (parts.length < 2 || !parts[0].equals("CONNECT")) {
        client.getOutputStream().write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return;
      }
      connects.add(line);
      int port = Integer.parseInt(parts[1].substring(parts[1].lastIndexOf(':') + 1));
      try (Socket target = new Socket(InetAddress.getLoopbackAddress(), port)) {
        client.getOutputStream().write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Thread up = new Thread(() -> pipe(in, target, true));
        up.setDaemon(true);
        up.start();
        pipe(target.getInputStream(), client, false);
      }
    } catch (IOException ignored) {
      // One connection ends; the proxy goes on.
    }
  }

  private void pipe(InputStream from, Socket to, boolean record) {
    try {
      OutputStream out = to.getOutputStream();
      byte[] buf = new byte[8192];
      for (int n; (n = from.read(buf)) > 0; ) {
        out.write(buf, 0, n);
        if (record) {
          synchronized (relayed) {
            relayed.write(buf, 0, n);
          }
        }
      }
      to.shutdownOutput();
    } catch (IOException ignored) {
      // The other side closed.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
