package io.agentkit.it.tunnel.support;

import io.agentkit.tunnel.ws.HttpHead;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A corporate-style egress proxy: HTTP CONNECT only, Basic credentials required, every tunnel
 * recorded, so a test can tell that the agent really went through it.
 */
public final class ForwardProxy implements AutoCloseable {

  private final ServerSocket server;
  private final String expectedAuthorization;
  private final List<String> connects = new CopyOnWriteArrayList<>();

  public ForwardProxy(String expectedAuthorization) throws IOException {
    this.expectedAuthorization = expectedAuthorization;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread c = new Thread(() -> serve(s), "proxy-client");
          c.setDaemon(true);
          c.start();
        } catch (IOException e) {
          // Closed.
        }
      }
    }, "forward-proxy");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** "host:port" of every CONNECT that was let through. */
  public List<String> connects() {
    return List.copyOf(connects);
  }

  private void serve(Socket client) {
    try {
      HttpHead head = HttpHead.read(client.getInputStream());
      if (head == null || !"CONNECT".equals(head.method())) {
        client.close();
        return;
      }
      if (!expectedAuthorization.equals(head.header("proxy-authorization"))) {
        HttpHead.respond(client.getOutputStream(), 407, "Proxy Authentication Required",
            Map.of("Proxy-Authenticate", "Basic realm=\"egress\"", "Connection", "close"), "");
        client.close();
        return;
      }
      int colon = head.target().lastIndexOf(':');
      Socket upstream = new Socket(head.target().substring(0, colon), Integer.parseInt(head.target().substring(colon + 1)));
      connects.add(head.target());
      HttpHead.respond(client.getOutputStream(), 200, "Connection established", Map.of(), null);
      pump(client.getInputStream(), upstream.getOutputStream(), upstream);
      pump(upstream.getInputStream(), client.getOutputStream(), client);
    } catch (IOException e) {
      try {
        client.close();
      } catch (IOException ignored) {
        // Gone already.
      }
    }
  }

  private static void pump(InputStream in, OutputStream out, Socket closeAfter) {
    Thread t = new Thread(() -> {
      try {
        in.transferTo(out);
      } catch (IOException ignored) {
        // One side closed.
      } finally {
        try {
          closeAfter.close();
        } catch (IOException ignored) {
          // Already closed.
        }
      }
    }, "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
