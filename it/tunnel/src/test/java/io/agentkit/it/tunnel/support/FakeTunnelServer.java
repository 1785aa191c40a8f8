package io.agentkit.it.tunnel.support;

import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.HttpHead;
import io.agentkit.orchestrator.tls.TlsMaterial;
import io.agentkit.tunnel.ws.WebSocketConnection;
import io.agentkit.tunnel.ws.WebSocketHandshake;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLServerSocket;

/**
 * A misbehaving orchestrator: accepts any handshake (no signature check) and lets the test write
 * whatever bytes it likes as WebSocket messages.
 */
public final class FakeTunnelServer implements AutoCloseable {

  private final SSLServerSocket server;
  private final Path cert;

  public FakeTunnelServer(Path dir) throws Exception {
    TlsMaterial.ensureSelfSigned(dir, List.of("localhost"));
    cert = dir.resolve("cert.pem");
    server = (SSLServerSocket) TlsMaterial.load(cert, dir.resolve("key.pem")).getServerSocketFactory().createServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  public String url() {
    return "wss://127.0.0.1:" + server.getLocalPort() + "/tunnel";
  }

  public Path cert() {
    return cert;
  }

  /** Waits for the agent's next connection and completes its upgrade. */
  public WebSocketConnection accept(Duration timeout) throws Exception {
    server.setSoTimeout((int) timeout.toMillis());
    Socket s;
    try {
      s = server.accept();
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the agent did not connect within " + timeout);
    }
    s.setSoTimeout(30_000);
    HttpHead head = HttpHead.read(s.getInputStream());
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Upgrade", "websocket");
    h.put("Connection", "Upgrade");
    h.put("Sec-WebSocket-Accept", WebSocketHandshake.accept(head.header("sec-websocket-key")));
    h.put("Sec-WebSocket-Protocol", TunnelProtocol.SUBPROTOCOL);
    HttpHead.respond(s.getOutputStream(), 101, "Switching Protocols", h, null);
    return new WebSocketConnection(s, s.getInputStream(), false, 1 << 20);
  }

  @Override
  public void close() throws java.io.IOException {
    server.close();
  }
}
