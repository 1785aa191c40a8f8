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

  /** The proxy refused the CONNECT; {@code status} is its HTTP status, {@code body} its explanation. */
  public static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;
    public final int status;
    public final String body;

    Refused(int status, String line, String body) {
      super(line + ": " + body);
      this.status = status;
      this.body = body;
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
  private final SSLContext proxyTrust;

  public ProxyClient(int proxyPort, String org, String agent, String token, Path targetCert) throws Exception {
    this(proxyPort, org + "/" + agent, token, TrustConfig.sslContext(targetCert), null);
  }

  private ProxyClient(int proxyPort, String user, String password, SSLContext targetTrust, SSLContext proxyTrust) {
    this.proxyPort = proxyPort;
    this.user = user;
    this.password = password;
    this.targetTrust = targetTrust;
    this.proxyTrust = proxyTrust;
  }

  /** The same client for a proxy serving TLS ({@code --proxy-tls}) with a certificate {@code trust} accepts for 127.0.0.1. */
  public ProxyClient overTls(SSLContext trust) {
    return new ProxyClient(proxyPort, user, password, targetTrust, trust);
  }

  /** The same client with other credentials ({@code null} user: none at all). */
  public ProxyClient withCredentials(String org, String agent, String token) {
    return new ProxyClient(proxyPort, org == null ? null : org + "/" + agent, token, targetTrust, proxyTrust);
  }

  private Socket openProxy() throws IOException {
    if (proxyTrust == null) {
      return new Socket(InetAddress.getLoopbackAddress(), proxyPort);
    }
    SSLSocket s = (SSLSocket) proxyTrust.getSocketFactory().createSocket("127.0.0.1", proxyPort);
    SSLParameters p = s.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    s.setSSLParameters(p);
    s.startHandshake();
    return s;
  }

  /** A plain tunnelled socket (no TLS) after a successful CONNECT. */
  public Socket connect(String host, int port) throws IOException {
    Socket s = openProxy();
    s.setSoTimeout(60_000);
    OutputStream out = s.getOutputStream();
    String auth = user == null ? "" : "Proxy-Authorization: Basic "
        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\r\n";
    String authority = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    out.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n" + auth + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String head = readFullHead(s.getInputStream());
    String status = head.substring(0, head.indexOf("\r\n"));
    int code = Integer.parseInt(status.split(" ")[1]);
    if (code != 200) {
      String length = head.replaceAll("(?is).*\r\ncontent-length: *([0-9]+).*", "$1");
      String body = length.matches("[0-9]{1,4}") ? new String(s.getInputStream().readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8) : "";
      s.close();
      throw new Refused(code, status, body.trim());
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
    String head = readFullHead(in);
    return head.substring(0, head.indexOf("\r\n"));
  }

  private static String readFullHead(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed in the response head: " + sb);
      }
      sb.append((char) c);
    }
    return sb.toString();
  }
}
