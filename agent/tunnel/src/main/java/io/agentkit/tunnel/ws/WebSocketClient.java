package io.agentkit.tunnel.ws;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens a {@code wss://} WebSocket on blocking sockets: TCP (through an HTTP CONNECT proxy when
 * given), TLS with host name verification ({@link TlsStreams}), the upgrade, then a client-role
 * {@link WebSocketConnection}.
 */
public final class WebSocketClient {

  /** The server answered the upgrade with something other than 101. */
  public static final class HandshakeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String body;
    private final HttpHead head;

    HandshakeException(HttpHead head, String body) {
      super("unexpected HTTP response status: " + head.status());
      this.status = head.status();
      this.body = body;
      this.head = head;
    }

    public int status() {
      return status;
    }

    public String body() {
      return body;
    }

    public String header(String name) {
      return head.header(name);
    }
  }

  /** An HTTP proxy for CONNECT; {@code authorization} is a ready header value or null. */
  public record Proxy(String host, int port, String authorization) {}

  /** An open WebSocket and the subprotocol the server chose. */
  public record Opened(WebSocketConnection connection, String subprotocol) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private WebSocketClient() {}

  public static Opened connect(URI uri, Map<String, String> headers, String subprotocol, SSLContext tls, Proxy proxy,
      int timeoutMillis, int maxMessage) throws IOException {
    String host = uri.getHost();
    int port = uri.getPort() < 0 ? 443 : uri.getPort();
    Socket tcp = new Socket();
    try {
      tcp.setTcpNoDelay(true);
      tcp.connect(proxy == null ? new InetSocketAddress(host, port) : new InetSocketAddress(proxy.host(), proxy.port()), timeoutMillis);
      tcp.setSoTimeout(timeoutMillis);
      if (proxy != null) {
        connectThroughProxy(tcp, host, port, proxy.authorization());
      }
      TlsStreams s = TlsStreams.client(tls, tcp, host, port);
      InputStream in = new BufferedInputStream(s.in(), 64 * 1024);
      byte[] nonce = new byte[16];
      RANDOM.nextBytes(nonce);
      String key = Base64.getEncoder().encodeToString(nonce);
      StringBuilder req = new StringBuilder();
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      req.append("GET ").append(path).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
          .append("Host: ").append(port == 443 ? host : host + ":" + port).append("\r\n")
          .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
          .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
          .append("Sec-WebSocket-Version: 13\r\n")
          .append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
      headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      req.append("\r\n");
      OutputStream out = s.out();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      HttpHead response = HttpHead.readResponse(in);
      if (response.status() != 101) {
        throw new HandshakeException(response, response.body(in, 4096).strip());
      }
      if (!WebSocketHandshake.accept(key).equals(response.header("sec-websocket-accept"))) {
        throw new IOException("server answered with a wrong Sec-WebSocket-Accept");
      }
      String chosen = response.header("sec-websocket-protocol");
      if (chosen != null && Arrays.stream(subprotocol.split(",")).map(String::trim).noneMatch(chosen::equals)) {
        throw new IOException("server chose subprotocol " + chosen + ", which was not offered");
      }
      tcp.setSoTimeout(0);
      return new Opened(new WebSocketConnection(tcp, in, out, s, true, maxMessage), chosen);
    } catch (IOException | RuntimeException e) {
      tcp.close();
      throw e;
    }
  }

  /** TLS over an open socket, verifying the certificate against {@code host}. */
  public static SSLSocket startTls(SSLContext tls, Socket tcp, String host, int port) throws IOException {
    SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(tcp, host, port, true);
    SSLParameters params = s.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    s.setSSLParameters(params);
    s.startHandshake();
    return s;
  }

  /** Asks an HTTP proxy for a tunnel to {@code host:port}; fails with the proxy's status line. */
  public static void connectThroughProxy(Socket tcp, String host, int port, String authorization) throws IOException {
    String target = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    OutputStream o = tcp.getOutputStream();
    o.write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n"
        + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    o.flush();
    HttpHead head = HttpHead.readResponse(tcp.getInputStream());
    if (head.status() != 200) {
      throw new IOException("proxy answered CONNECT " + target + " with " + head.status() + " " + head.version());
    }
  }
}
