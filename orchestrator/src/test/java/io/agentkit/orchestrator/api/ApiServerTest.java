package io.agentkit.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentkit.orchestrator.net.Listener;
import io.agentkit.orchestrator.net.ServerTls;
import io.agentkit.orchestrator.store.AgentStore;
import io.agentkit.orchestrator.store.ProxyTokenStore;
import io.agentkit.orchestrator.testing.TestTls;
import io.agentkit.orchestrator.tunnel.SessionRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Agent API's HTTP handling over real TLS connections. */
class ApiServerTest {

  private static final String TOKEN = "test-token-0123456789abcdef0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Listener listener;
  private SSLContext clientTls;
  private HttpClient http;

  @BeforeEach
  void start() throws Exception {
    TestTls tls = TestTls.create(dir.resolve("tls"));
    clientTls = tls.client();
    AgentApi api = new AgentApi(AgentStore.open(dir.resolve("store.json")), ProxyTokenStore.open(dir.resolve("proxy-tokens.json")),
        new SessionRegistry(), TOKEN);
    listener = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "api", ApiServer.LIMITS, Thread.ofVirtual().factory(),
        new ApiServer(new ServerTls(tls.server()), api)::handle);
    listener.start();
    http = HttpClient.newBuilder().sslContext(clientTls).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() throws IOException {
    listener.close();
  }

  private HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://localhost:" + listener.port() + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String raw(String request) throws IOException {
    try (SSLSocket s = (SSLSocket) clientTls.getSocketFactory().createSocket("localhost", listener.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void healthzNeedsNoTokenEverythingElseDoes() throws Exception {
    assertThat(call("GET", "/healthz", null, null).body()).isEqualTo("{\"status\":\"ok\"}");
    HttpResponse<String> r = call("GET", "/orgs/o/agents", null, "wrong");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(call("GET", "/orgs/o/agents", null, TOKEN).body()).isEqualTo("[]");
  }

  @Test
  void proxyTokensAreCreatedListedWithoutSecretsAndRevoked() throws Exception {
    HttpResponse<String> created = call("POST", "/orgs/org-a/proxy-tokens", "{\"description\":\"ci\"}", TOKEN);
    assertThat(created.statusCode()).isEqualTo(200);
    JsonNode token = JSON.readTree(created.body());
    assertThat(token.get("token").asText()).startsWith("akpt_");
    assertThat(token.get("org_id").asText()).isEqualTo("org-a");
    assertThat(token.get("description").asText()).isEqualTo("ci");
    assertThat(call("POST", "/orgs/org-a/proxy-tokens", null, TOKEN).statusCode()).as("no body: no description").isEqualTo(200);
    assertThat(call("POST", "/orgs/org-a/proxy-tokens", null, null).statusCode()).isEqualTo(401);

    String listed = call("GET", "/orgs/org-a/proxy-tokens", null, TOKEN).body();
    assertThat(JSON.readTree(listed)).hasSize(2);
    assertThat(listed).doesNotContain(token.get("token").asText()).doesNotContain("sha256").doesNotContain("\"token\"");
    assertThat(JSON.readTree(call("GET", "/orgs/org-b/proxy-tokens", null, TOKEN).body())).isEmpty();

    String id = token.get("id").asText();
    assertThat(call("DELETE", "/orgs/org-b/proxy-tokens/" + id, null, TOKEN).statusCode()).isEqualTo(404);
    assertThat(call("DELETE", "/orgs/org-a/proxy-tokens/" + id, null, TOKEN).statusCode()).isEqualTo(204);
    assertThat(call("DELETE", "/orgs/org-a/proxy-tokens/" + id, null, TOKEN).statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(call("GET", "/orgs/org-a/proxy-tokens", null, TOKEN).body())).hasSize(1);
    HttpResponse<String> wrongMethod = call("PUT", "/orgs/org-a/proxy-tokens", "{}", TOKEN);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, POST");
    assertThat(call("POST", "/orgs/..%2Fx/proxy-tokens", null, TOKEN).statusCode()).isEqualTo(400);
  }

  @Test
  void bodiesAreBoundedAndFramedByContentLength() throws Exception {
    String auth = "Authorization: Bearer " + TOKEN + "\r\n";
    assertThat(raw("POST /orgs/o/agents HTTP/1.1\r\nHost: x\r\n" + auth + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
        .startsWith("HTTP/1.1 411 Length Required");
    assertThat(raw("POST /orgs/o/agents HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 65537\r\n\r\n")).startsWith("HTTP/1.1 413");
    assertThat(raw("POST /orgs/o/agents HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: -1\r\n\r\n")).startsWith("HTTP/1.1 400");
    assertThat(raw("POST /orgs/o/agents HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 8\r\nExpect: 100-continue\r\n\r\nnot json"))
        .startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 400").contains("body is not valid JSON");
    assertThat(raw("GET /orgs/%zz/agents HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n")).startsWith("HTTP/1.1 400").contains("percent-encoding");
    assertThat(raw("GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400");
  }

  @Test
  void idleAndSlowConnectionsDoNotKeepHealthzWaiting() throws Exception {
    List<Socket> idle = new ArrayList<>();
    try {
      // More silent TCP connections than the API holds pending: the oldest make room for newcomers.
      for (int i = 0; i < ApiServer.LIMITS.maxPendingPerSource() + 50; i++) {
        idle.add(new Socket(InetAddress.getLoopbackAddress(), listener.port()));
      }
      long t0 = System.nanoTime();
      assertThat(call("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
      assertThat(listener.admission().counts().pending()).isLessThanOrEqualTo(ApiServer.LIMITS.maxPendingPerSource());
      assertThat(listener.admission().counts().evicted()).isGreaterThanOrEqualTo(50);
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
    assertThat(Files.exists(dir.resolve("store.json"))).isFalse();
  }
}
