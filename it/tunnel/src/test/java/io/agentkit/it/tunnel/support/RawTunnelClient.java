package io.agentkit.it.tunnel.support;

import io.agentkit.agent.config.TrustConfig;
import io.agentkit.contract.keys.AgentPrivateKey;
import io.agentkit.contract.keys.PrivateKeyReader;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.signing.HandshakeSignature;
import io.agentkit.contract.testing.TestKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLSocket;

/** Sends a hand-built tunnel handshake, so a test can replay exactly the same bytes twice. */
public final class RawTunnelClient {

  private RawTunnelClient() {}

  /** A signed upgrade request as the agent would send it, fixed once built. */
  public static String signedRequest(KeyPair pair, int port, String orgs, String connectionId) throws Exception {
    return signedRequest(pair, HandshakeSignature.authority("127.0.0.1", port), orgs, connectionId);
  }

  /** The same, signed for and sent with {@code authority} as an agent whose TUNNEL_URL names that host would. */
  public static String signedRequest(KeyPair pair, String authority, String orgs, String connectionId) throws Exception {
    AgentPrivateKey key = PrivateKeyReader.parse(TestKeys.pkcs8Pem(pair).getBytes(StandardCharsets.US_ASCII), "test key");
    Map<String, String> sig = HandshakeSignature.sign(key,
        new HandshakeSignature.Request("GET", authority, "/tunnel", orgs, connectionId), System.currentTimeMillis() / 1000);
    return "GET /tunnel HTTP/1.1\r\n"
        + "Host: " + authority + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII)) + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Protocol: " + TunnelProtocol.SUBPROTOCOL + "\r\n"
        + TunnelProtocol.ORGS_HEADER + ": " + orgs + "\r\n"
        + TunnelProtocol.CONNECTION_ID_HEADER + ": " + connectionId + "\r\n"
        + HandshakeSignature.INPUT_HEADER + ": " + sig.get(HandshakeSignature.INPUT_HEADER) + "\r\n"
        + HandshakeSignature.SIGNATURE_HEADER + ": " + sig.get(HandshakeSignature.SIGNATURE_HEADER) + "\r\n\r\n";
  }

  /** Sends {@code request} and, on 101, returns the WebSocket (agent role) that follows. */
  public static io.agentkit.tunnel.ws.WebSocketConnection open(int port, Path caCert, String request) throws Exception {
    SSLSocket s = (SSLSocket) TrustConfig.sslContext(caCert).getSocketFactory().createSocket("127.0.0.1", port);
    s.setSoTimeout(30_000);
    s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    java.io.BufferedInputStream in = new java.io.BufferedInputStream(s.getInputStream());
    io.agentkit.tunnel.ws.HttpHead head = io.agentkit.tunnel.ws.HttpHead.readResponse(in);
    if (head.status() != 101) {
      s.close();
      throw new IOException("handshake answered " + head.status());
    }
    return new io.agentkit.tunnel.ws.WebSocketConnection(s, in, true, 1 << 20);
  }

  /** Sends {@code request} over TLS and returns the response head (status line first). */
  public static String send(int port, Path caCert, String request) throws Exception {
    try (SSLSocket s = (SSLSocket) TrustConfig.sslContext(caCert).getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      StringBuilder sb = new StringBuilder();
      while (!sb.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          throw new IOException("closed in response head: " + sb);
        }
        sb.append((char) c);
      }
      if (!sb.toString().startsWith("HTTP/1.1 101")) {
        int len = Integer.parseInt(sb.toString().replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        sb.append(new String(in.readNBytes(len), StandardCharsets.UTF_8));
      }
      return sb.toString();
    }
  }
}
