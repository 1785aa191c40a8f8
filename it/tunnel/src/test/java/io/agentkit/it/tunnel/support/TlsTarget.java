package io.agentkit.it.tunnel.support;

import io.agentkit.tunnel.ws.HttpHead;
import io.agentkit.orchestrator.tls.TlsMaterial;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * The service behind the agent: HTTPS on 127.0.0.1 with its own self-signed certificate, so a
 * client reaching it through the tunnel proves TLS end to end. {@code GET /hello} and
 * {@code GET /bytes?n=N&seed=S} (deterministic, see {@link Payload}).
 */
public final class TlsTarget implements AutoCloseable {

  private final ServerSocket server;
  private final Path cert;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();
  /** Bytes of /bytes responses written so far, per seed: how far a transfer has got, seen from the target. */
  private final Map<Long, AtomicLong> sent = new ConcurrentHashMap<>();

  public TlsTarget(Path dir) throws Exception {
    TlsMaterial.ensureSelfSigned(dir, List.of("localhost"));
    cert = dir.resolve("cert.pem");
    SSLContext ctx = TlsMaterial.load(cert, dir.resolve("key.pem"));
    SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    server = s;
    Thread t = new Thread(this::acceptLoop, "target-accept");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** PEM certificate clients trust for this target. */
  public Path cert() {
    return cert;
  }

  public int accepted() {
    return accepted.get();
  }

  /** Connections accepted and not yet closed by the target. */
  public int open() {
    return open.get();
  }

  /** Body bytes the target has written so far for {@code GET /bytes?seed=S}, over all such requests. */
  public long bytesSent(long seed) {
    AtomicLong n = sent.get(seed);
    return n == null ? 0 : n.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        accepted.incrementAndGet();
        open.incrementAndGet();
        Thread t = new Thread(() -> serve(s), "target-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        // Closed.
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      serveOne(s);
    } catch (IOException e) {
      // A client that goes away mid-response is part of several tests.
    } finally {
      open.decrementAndGet();
    }
  }

  private void serveOne(Socket s) throws IOException {
    s.setSoTimeout(120_000);
    HttpHead head = HttpHead.read(s.getInputStream());
    if (head == null) {
      return;
    }
    OutputStream out = s.getOutputStream();
    URI uri = URI.create(head.target());
    if (uri.getPath().equals("/hello")) {
      HttpHead.respond(out, 200, "OK", Map.of("Content-Type", "text/plain", "Connection", "close"), "hello from the target\n");
      return;
    }
    if (uri.getPath().equals("/bytes")) {
      long n = Long.parseLong(param(uri, "n"));
      long seed = Long.parseLong(param(uri, "seed"));
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + n + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      AtomicLong progress = sent.computeIfAbsent(seed, k -> new AtomicLong());
      Payload.write(n, seed, new FilterOutputStream(out) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          progress.addAndGet(len);
        }
      });
      out.flush();
      return;
    }
    HttpHead.respond(out, 404, "Not Found", Map.of("Connection", "close"), "no such path\n");
  }

  private static String param(URI uri, String name) {
    for (String pair : uri.getRawQuery().split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    throw new IllegalArgumentException("missing " + name);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
