package io.agentkit.it.tunnel.support;

import io.agentkit.agent.config.TrustConfig;
import io.agentkit.tunnel.ws.HttpHead;
import io.agentkit.tunnel.ws.WebSocketConnection;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;

/**
 * A hostile agent's connection after a valid signed upgrade: the WebSocket (client role) and the raw
 * output under it, for frames no WebSocket writer would produce.
 */
public record RawAgent(WebSocketConnection ws, OutputStream raw) {

  public static RawAgent open(int port, Path caCert, String signedRequest) throws Exception {
    SSLSocket s = (SSLSocket) TrustConfig.sslContext(caCert).getSocketFactory().createSocket("127.0.0.1", port);
    s.setSoTimeout(60_000);
    s.getOutputStream().write(signedRequest.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    BufferedInputStream in = new BufferedInputStream(s.getInputStream());
    HttpHead head = HttpHead.readResponse(in);
    if (head.status() != 101) {
      s.close();
      throw new IOException("handshake answered " + head.status());
    }
    return new RawAgent(new WebSocketConnection(s, in, true, 1 << 20), s.getOutputStream());
  }

  public void write(byte[] bytes) throws IOException {
    raw.write(bytes);
    raw.flush();
  }
}
