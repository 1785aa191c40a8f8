package io.agentkit.it.tunnel.support;

import io.agentkit.agent.config.TrustConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A real client of the CONNECT proxy: CONNECT, then TLS to the target through the tunnel. */
public final class ProxyClient {

  /** The proxy refused the CONNECT; {@code status} is its HTTP status. */
  public static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;
    public final int status;

    Refused(int status, String line) {
      super(line);
      this.status = status;
    }
  }

  /** A completed download. */
  public record Download(long bytes, String sha256, long nanos) {
    public double mbPerSecond() {
      return bytes / 1e6 / (nanos / 1e9);
    }
  }

  private final int proxyPort;
  private final String user;
  private final String password;
  private final SSLContext targetTrust;

  public ProxyClient(int proxyPort, String org, String agent, String token, Path targetCert) throws Exception {
    this.proxyPort = proxyPort;
    this.user = org + "/" + agent;
    this.password = token;
    this.targetTrust = TrustConfig.sslContext(targetCert);
  }

  /** A plain tunnelled socket (no TLS) after a successful CONNECT. */
  public Socket connect(String host, int port) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxyPort);
    s.setSoTimeout(60_000);
    OutputStream out = s.getOutputStream();
    String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    out.write(("CONNECT " + host + ":" + port + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nProxy-Authorization: Basic " + auth + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String status = readHead(s.getInputStream());
    int code = Integer.parseInt(status.split(" ")[1]);
    if (code != 200) {
      s.close();
      throw new Refused(code, status);
    }
    return s;
  }

  /** TLS to the target through the tunnel, certificate and host name verified. */
  public SSLSocket connectTls(int targetPort) throws IOException {
    return tls(connect("localhost", targetPort), targetPort);
  }

  /** GET /bytes through the tunnel, hashing what arrives; {@code bytesPerSecond} 0 = as fast as possible. */
  public Download download(int targetPort, long n, long seed, long bytesPerSecond) throws IOException {
    return download(targetPort, n, seed, bytesPerSecond, new AtomicLong());
  }

  /** The same, counting the body bytes read so far into {@code received} while it runs. */
  public Download download(int targetPort, long n, long seed, long bytesPerSecond, AtomicLong received) throws IOException {
    long t0 = System.nanoTime();
    try (SSLSocket s = connectTls(targetPort)) {
      return fetch(s, n, seed, bytesPerSecond, t0, received);
    }
  }

  /** The same request straight to {@code host:port} (no proxy): the baseline. */
  public Download downloadDirect(String host, int port, long n, long seed) throws IOException {
    long t0 = System.nanoTime();
    try (SSLSocket s = tls(new Socket(host, port), port)) {
      return fetch(s, n, seed, 0, t0, new AtomicLong());
    }
  }

  private SSLSocket tls(Socket raw, int targetPort) throws IOException {
    SSLSocket tls = (SSLSocket) targetTrust.getSocketFactory().createSocket(raw, "localhost", targetPort, true);
    SSLParameters p = tls.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    tls.setSSLParameters(p);
    tls.startHandshake();
    return tls;
  }

  private static Download fetch(SSLSocket s, long n, long seed, long bytesPerSecond, long t0, AtomicLong received) throws IOException {
    s.getOutputStream().write(("GET /bytes?n=" + n + "&seed=" + seed + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    InputStream in = s.getInputStream();
    String head = readHead(in);
    if (!head.contains(" 200 ")) {
      throw new IOException("target answered " + head);
    }
    MessageDigest d = Payload.sha();
    byte[] b = new byte[64 * 1024];
    long got = 0;
    int r;
    while ((r = in.read(b)) >= 0) {
      d.update(b, 0, r);
      got += r;
      received.addAndGet(r);
      if (bytesPerSecond > 0) {
        long wait = t0 + (long) (got * 1e9 / bytesPerSecond) - System.nanoTime();
        if (wait > 0) {
          try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
          }
        }
      }
    }
    return new Download(got, HexFormat.of().formatHex(d.digest()), System.nanoTime() - t0);
  }

  public String hello(int targetPort) throws IOException {
    try (SSLSocket s = connectTls(targetPort)) {
      s.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Reads up to the blank line; returns the status line. */
  static String readHead(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed in the response head: " + sb);
      }
      sb.append((char) c);
    }
    return sb.substring(0, sb.indexOf("\r\n"));
  }
}
