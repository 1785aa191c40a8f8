package io.agentkit.orchestrator.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.orchestrator.net.Listener;
import io.agentkit.orchestrator.net.ServerTls;
import io.agentkit.orchestrator.store.AgentStore;
import io.agentkit.orchestrator.store.NonceStore;
import io.agentkit.orchestrator.testing.TestTls;
import io.agentkit.tunnel.signing.HandshakeSignature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tunnel endpoint's handshake path against hostile request lines and headers, over real TLS:
 * every one gets an answer or a close, none leaks its connection, and the endpoint keeps serving.
 */
class TunnelServerTest {

  private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: agent-kit.tunnel.v1\r\n";

  @TempDir
  Path dir;

  private NonceStore nonces;
  private Listener listener;
  private SSLContext clientTls;

  @BeforeEach
  void start() throws Exception {
    TestTls identity = TestTls.create(dir.resolve("tls"));
    clientTls = identity.client();
    nonces = NonceStore.open(dir.resolve("nonces.log"), HandshakeSignature.MAX_SKEW_SECONDS, false, Instant.now());
    TunnelServer server = new TunnelServer(new ServerTls(identity.server()),
        new HandshakeVerifier(AgentStore.open(dir.resolve("store.json")), nonces, TunnelAuthority.parse("localhost")), new SessionRegistry());
    listener = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "tunnel", TunnelServer.LIMITS,
        Thread.ofVirtual().factory(), server::handle);
    listener.start();
  }

  @AfterEach
  void stop() throws IOException {
    listener.close();
    nonces.close();
  }

  /** Sends {@code request} over TLS and returns the whole answer ("" when the server just closed). */
  private String ask(byte[] request) throws IOException {
    try (SSLSocket s = (SSLSocket) clientTls.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), listener.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      try {
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      } catch (java.net.SocketException reset) {
        return "";
      }
    }
  }

  private String ask(String request) throws IOException {
    return ask(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void hostileRequestLinesAndHeadersCostOnlyTheirConnection() throws Exception {
    List<String> hostile = List.of(
        "GET http://[::1 HTTP/1.1\r\nHost: localhost\r\n" + UPGRADE + "\r\n",
        "GET /tunnel?%zz%%\u0001 HTTP/1.1\r\nHost: localhost\r\n" + UPGRADE + "\r\n",
        "GET /tunnel\u0000/../x HTTP/1.1\r\nHost: localhost\r\n" + UPGRADE + "\r\n",
        "GET  /tunnel  HTTP/1.1\r\n\r\n",
        "GET /tunnel HTTP/9\r\nHost: [\r\n" + UPGRADE + "\r\n",
        "GET /tunnel HTTP/1.1\r\nHost: [::1%zz]:99999999999\r\n" + UPGRADE
            + "Signature-Input: sig1=(\"@method\");created=x;nonce=\"\u00ff\"\r\nSignature: sig1=:!!!:\r\n\r\n",
        "GET /tunnel HTTP/1.1\r\nHost: :443\r\n" + UPGRADE + "Signature-Input: =\r\nSignature: =\r\n\r\n",
        "GET /tunnel HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: \r\nSec-WebSocket-Protocol: ,,,\r\n\r\n",
        "\r\n\r\n",
        "GET /tunnel HTTP/1.1\r\nHost localhost\r\n\r\n",
        "\u00ff\u00fe GET / HTTP/1.1\r\n\r\n");
    for (String request : hostile) {
      String answer = ask(request);
      assertThat(answer).as("answer to %s", request).satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 4"));
    }
    // The endpoint still answers, and every connection's slot was released.
    assertThat(ask("GET /other HTTP/1.1\r\nHost: localhost\r\n" + UPGRADE + "\r\n")).startsWith("HTTP/1.1 404");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (listener.admission().counts().connections() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(listener.admission().counts().connections()).isZero();
  }
}
