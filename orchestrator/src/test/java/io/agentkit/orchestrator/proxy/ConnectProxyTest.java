package io.agentkit.orchestrator.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.orchestrator.net.Listener;
import io.agentkit.orchestrator.net.ServerTls;
import io.agentkit.orchestrator.store.ProxyTokenStore;
import io.agentkit.orchestrator.testing.TestTls;
import io.agentkit.orchestrator.tunnel.SessionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every answer the proxy gives before a stream exists, over real sockets. Streams through real
 * agents are it/tunnel's (ProxyTokensIT, EgressAllowlistIT).
 */
class ConnectProxyTest {

  @TempDir
  Path dir;

  private ProxyTokenStore tokens;
  private String tokenA;
  private String tokenB;
  private Listener plain;
  private Listener tls;
  private SSLContext clientTls;

  @BeforeEach
  void start() throws Exception {
    tokens = ProxyTokenStore.open(dir.resolve("proxy-tokens.json"));
    tokenA = tokens.create("org-a", null, "t").secret();
    tokenB = tokens.create("org-b", null, "t").secret();
    SessionRegistry registry = new SessionRegistry();
    TestTls identity = TestTls.create(dir.resolve("tls"));
    clientTls = identity.client();
    plain = listen(new ConnectProxy(null, registry, tokens, 1000));
    tls = listen(new ConnectProxy(new ServerTls(identity.server()), registry, tokens, 1000));
  }

  private static Listener listen(ConnectProxy proxy) throws IOException {
    Listener l = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "proxy", ConnectProxy.LIMITS,
        Thread.ofVirtual().factory(), proxy::handle);
    l.start();
    return l;
  }

  @AfterEach
  void stop() throws IOException {
    plain.close();
    tls.close();
  }

  private static String basic(String userAndPassword) {
    return "Proxy-Authorization: Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8)) + "\r\n";
  }

  /** Sends {@code request} and returns the whole answer (the proxy closes after every refusal). */
  private static String ask(Socket s, String request) throws IOException {
    try (s) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String ask(String request) throws IOException {
    return ask(new Socket(InetAddress.getLoopbackAddress(), plain.port()), request);
  }

  @Test
  void onlyConnectIsServed() throws Exception {
    assertThat(ask("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n" + basic("org-a/agent:" + tokenA) + "\r\n"))
        .startsWith("HTTP/1.1 405 Method Not Allowed").contains("only tunnels with CONNECT");
  }

  @Test
  void missingMalformedUnknownAndAdminCredentialsGet407() throws Exception {
    String connect = "CONNECT db:5432 HTTP/1.1\r\nHost: db:5432\r\n";
    for (String auth : new String[] {
        "",
        "Proxy-Authorization: Bearer " + tokenA + "\r\n",
        "Proxy-Authorization: Basic %%%not-base64\r\n",
        basic("org-a:" + tokenA),
        basic("/agent:" + tokenA),
        basic("org-a/agent"),
        basic("org-a/agent:"),
        basic("org-a/agent:" + tokenA + "x"),
        basic("org-a/agent:akpt_" + "A".repeat(43)),
        basic("org-a/agent:an-api-admin-token-that-is-long-enough-0123456789")}) {
      String answer = ask(connect + auth + "\r\n");
      assertThat(answer).as(auth).startsWith("HTTP/1.1 407 Proxy Authentication Required")
          .contains("Proxy-Authenticate: Basic realm=").doesNotContain(tokenA);
    }
  }

  @Test
  void aTokenOfAnotherOrganizationGets403() throws Exception {
    assertThat(ask("CONNECT db:5432 HTTP/1.1\r\n" + basic("org-b/agent-b:" + tokenA) + "\r\n"))
        .startsWith("HTTP/1.1 403 Forbidden").contains("its own organization only");
    assertThat(ask("CONNECT db:5432 HTTP/1.1\r\n" + basic("org-a/agent-a:" + tokenB) + "\r\n")).startsWith("HTTP/1.1 403 Forbidden");
  }

  @Test
  void aRevokedTokenGets407() throws Exception {
    String id = tokens.list("org-a").get(0).id();
    tokens.revoke("org-a", id);
    assertThat(ask("CONNECT db:5432 HTTP/1.1\r\n" + basic("org-a/agent-a:" + tokenA) + "\r\n")).startsWith("HTTP/1.1 407");
  }

  @Test
  void malformedRequestsAndTargetsGet400() throws Exception {
    String auth = basic("org-a/agent-a:" + tokenA);
    for (String target : new String[] {"db", "db:", ":5432", "db:0", "db:65536", "db:http", "[::1:5432", "::1:5432", "[]:5432"}) {
      assertThat(ask("CONNECT " + target + " HTTP/1.1\r\n" + auth + "\r\n")).as(target).startsWith("HTTP/1.1 400 Bad Request");
    }
    assertThat(ask("this is not http\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request");
    assertThat(ask("CONNECT db:5432 HTTP/1.1\r\nno colon here\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request");
    assertThat(ask("CONNECT db:5432 HTTP/1.1\r\nX: " + "a".repeat(20_000) + "\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request").contains("larger than");
  }

  @Test
  void validCredentialsReachTheRegistry() throws Exception {
    // No agent is connected: authentication passed and the proxy looked for one.
    assertThat(ask("CONNECT [::1]:5432 HTTP/1.1\r\n" + basic("org-a/agent-a:" + tokenA) + "\r\n"))
        .startsWith("HTTP/1.1 502 Bad Gateway").contains("no agent connected for org-a/agent-a");
  }

  @Test
  void theSameAnswersOverTls() throws Exception {
    SSLSocket s = (SSLSocket) clientTls.getSocketFactory().createSocket("localhost", tls.port());
    assertThat(ask(s, "CONNECT db:5432 HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 407");
    s = (SSLSocket) clientTls.getSocketFactory().createSocket("localhost", tls.port());
    assertThat(ask(s, "CONNECT db:5432 HTTP/1.1\r\n" + basic("org-b/agent:" + tokenA) + "\r\n")).startsWith("HTTP/1.1 403");
    // Plain HTTP on the TLS port is not an answerable request.
    assertThat(ask(new Socket(InetAddress.getLoopbackAddress(), tls.port()), "CONNECT db:5432 HTTP/1.1\r\n\r\n")).doesNotContain("HTTP/1.1");
  }
}
