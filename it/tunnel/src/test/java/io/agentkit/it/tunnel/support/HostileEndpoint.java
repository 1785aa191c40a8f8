package io.agentkit.it.tunnel.support;

import io.agentkit.orchestrator.tls.TlsMaterial;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.HttpHead;
import io.agentkit.tunnel.ws.WebSocketConnection;
import io.agentkit.tunnel.ws.WebSocketHandshake;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLServerSocket;

/**
 * A scripted hostile orchestrator: TLS, then whatever the test writes. It reads the agent's upgrade
 * request and then either answers it with any bytes at all ({@link Upgrade#answer}) or completes it
 * and hands over the WebSocket, whose frames the test may forge byte by byte ({@link Upgrade#raw}).
 */
public final class HostileEndpoint implements AutoCloseable {

  /** An agent's upgrade request, read and not yet answered. */
  public static final class Upgrade {
    private final Socket socket;
    private final InputStream in;
    private final HttpHead request;

    Upgrade(Socket socket, InputStream in, HttpHead request) {
      this.socket = socket;
      this.in = in;
      this.request = request;
    }

    public HttpHead request() {
      return request;
    }

    /** Writes {@code response} as is (status line and all) and closes the connection. */
    public void answer(String response) throws IOException {
      try (socket) {
        socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
      }
    }

    /** A valid 101 with {@code subprotocol} (null: none selected); the WebSocket that follows. */
    public WebSocketConnection accept(String subprotocol) throws IOException {
      StringBuilder sb = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n");
      sb.append("Sec-WebSocket-Accept: ").append(WebSocketHandshake.accept(request.header("sec-websocket-key"))).append("\r\n");
      if (subprotocol != null) {
        sb.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
      }
      socket.getOutputStream().write(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new WebSocketConnection(socket, in, false, 1 << 20);
    }

    /** A valid 101 selecting our protocol. */
    public WebSocketConnection accept() throws IOException {
      return accept(TunnelProtocol.SUBPROTOCOL);
    }

    /** After {@link #accept}: the socket's output, for frames no WebSocket writer would produce. */
    public OutputStream raw() throws IOException {
      return socket.getOutputStream();
    }

    public void close() throws IOException {
      socket.close();
    }
  }

  private final SSLServerSocket server;
  private final Path cert;

  public HostileEndpoint(Path dir) throws Exception {
    TlsMaterial.ensureSelfSigned(dir, List.of("localhost"));
    cert = dir.resolve("cert.pem");
    server = (SSLServerSocket) TlsMaterial.load(cert, dir.resolve("key.pem")).getServerSocketFactory().createServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
  }

  public String url() {
    return "wss://127.0.0.1:" + server.getLocalPort() + "/tunnel";
  }

  public Path cert() {
    return cert;
  }

  /** The agent's next upgrade request. */
  public Upgrade next(Duration timeout) throws Exception {
    server.setSoTimeout((int) timeout.toMillis());
    Socket s;
    try {
      s = server.accept();
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the agent did not connect within " + timeout);
    }
    s.setSoTimeout(30_000);
    InputStream in = new BufferedInputStream(s.getInputStream());
    return new Upgrade(s, in, HttpHead.read(in));
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
