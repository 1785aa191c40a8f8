package io.agentkit.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.agentkit.contract.testing.ClosedPort;
import io.agentkit.core.RecordingLog;
import io.agentkit.core.oci.RetryPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against an API that misbehaves the ways real ones do: 5xx, 429, redirects, echoes, floods, silence. */
class AgentApiClientTest {

  static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40));

  FakeAgentApi api;
  RecordingLog log = new RecordingLog();

  @BeforeEach
  void start() throws Exception {
    api = new FakeAgentApi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  AgentApiClient client(String url, String token) throws AgentApiException {
    return new AgentApiClient(ApiEndpoint.of(url, null, true, null), new ApiToken(token, "test token source", "apiServerId"), FAST, log);
  }

  @Test
  void serverErrorsAndRateLimitsAreRetriedWithBackoff() throws Exception {
    api.fail("GET /orgs/o/agents", 503, "{\"error\":\"warming up\"}", Map.of());
    api.fail("GET /orgs/o/agents", 429, "", Map.of("Retry-After", "1"));
    assertThat(client(api.url(), api.token).agents("o")).isEmpty();
    assertThat(api.requests).containsExactly("GET /orgs/o/agents", "GET /orgs/o/agents", "GET /orgs/o/agents");
    assertThat(log.text()).contains("Agent API GET /orgs/o/agents answered 503; retrying in 10 ms (attempt 2 of 3)")
        .contains("answered 429; retrying in 40 ms (attempt 3 of 3)");
  }

  @Test
  void givingUpNamesOrganizationAgentStatusAndTheServersMessage() throws Exception {
    for (int i = 0; i < 3; i++) {
      api.fail("GET /orgs/o/agents/a/keys", 500, "{\"error\":\"database down\"}", Map.of());
    }
    assertThatThrownBy(() -> client(api.url(), api.token).keys("o", "a")).isInstanceOf(AgentApiException.class)
        .hasMessage("listing the keys of agent 'a' in organization 'o' failed: HTTP 500 from " + api.url() + " (\"database down\"); "
            + "the Agent API kept failing; run the goal again later (it is safe to repeat), or check the API's status")
        .satisfies(e -> assertThat(((AgentApiException) e).status()).isEqualTo(500));
  }

  @Test
  void aRefusedTokenIsNamedByItsSourceAndNeverQuoted() throws Exception {
    String token = "secret-" + "s".repeat(40);
    api.fail("POST /orgs/o/agents", 401, "{\"error\":\"token " + token + " is not valid\"}", Map.of());
    assertThatThrownBy(() -> client(api.url(), token).createAgent("o", "a", "PEM", "d")).isInstanceOf(AgentApiException.class)
        .hasMessageContaining("apiServerId: registering agent 'a' in organization 'o' failed: HTTP 401 from " + api.url() + " (\"token [token] is not valid\")")
        .hasMessageContaining("the Agent API token from test token source was refused").hasMessageNotContaining(token);
    assertThat(log.text()).doesNotContain(token);
  }

  @Test
  void redirectsAreNotFollowedSoTheTokenGoesNowhereElse() throws Exception {
    AtomicInteger elsewhere = new AtomicInteger();
    HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    other.createContext("/", x -> {
      elsewhere.incrementAndGet();
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    other.start();
    try {
      api.fail("GET /orgs/o/agents", 302, "", Map.of("Location", "http://127.0.0.1:" + other.getAddress().getPort() + "/orgs/o/agents"));
      assertThatThrownBy(() -> client(api.url(), api.token).agents("o")).hasMessageContaining("HTTP 302")
          .hasMessageContaining("redirects are not followed, so the token only ever goes to the configured host");
      assertThat(elsewhere).hasValue(0);
    } finally {
      other.stop(0);
    }
  }

  @Test
  void anUnreachableApiIsTriedEveryAttemptThenNamed() throws Exception {
    try (ClosedPort port = new ClosedPort()) {
      String closed = "http://127.0.0.1:" + port.port();
      assertThatThrownBy(() -> client(closed, "t".repeat(32)).agents("o")).isInstanceOf(AgentApiException.class)
          .hasMessageStartingWith("apiUrl: listing the agents of organization 'o' failed: no answer from " + closed + " after 3 attempts (ConnectException")
          .satisfies(e -> assertThat(((AgentApiException) e).status()).isEqualTo(AgentApiException.NO_ANSWER));
    }
    assertThat(log.lines).filteredOn(l -> l.contains("retrying")).hasSize(2);
  }

  @Test
  void anOversizedAnswerIsRefusedWithoutReadingIt() throws Exception {
    api.fail("GET /orgs/o/agents", 200, "[" + "\"x\",".repeat(AgentApiClient.MAX_ANSWER_BYTES / 4) + "\"x\"]", Map.of());
    assertThatThrownBy(() -> client(api.url(), api.token).agents("o")).hasMessageContaining("is not an answer of at most 4194304 bytes");
  }

  @Test
  void aMissingSessionsViewIsNotAnError() throws Exception {
    api.keys.put("o", new java.util.LinkedHashMap<>(Map.of("a", new java.util.LinkedHashMap<>())));
    assertThat(client(api.url(), api.token).sessions("o", "a")).isEmpty();
    api.sessions = Map.of("o/a", Map.of("pod-1", "ab".repeat(32)));
    assertThat(client(api.url(), api.token).sessions("o", "a").orElseThrow()).extracting(ApiModels.AgentSession::connectionId).containsExactly("pod-1");
  }

  @Test
  void onlyHttpsUnlessALoopbackTestServerIsAllowed() throws Exception {
    assertThatThrownBy(() -> ApiEndpoint.of("http://api.example.com", null, true, null)).hasMessageContaining("apiUrl: 'http://api.example.com' is plain http")
        .hasMessageContaining("plain http is only ever allowed for a loopback test server");
    assertThatThrownBy(() -> ApiEndpoint.of("http://127.0.0.1:8080", null, false, null))
        .hasMessageContaining("allow plain http to this loopback test server with -Dhumanitec-agent.allowInsecureLoopback");
    assertThat(ApiEndpoint.of("http://[::1]:8080/", null, true, null).base()).hasToString("http://[::1]:8080");
    assertThatThrownBy(() -> ApiEndpoint.of("https://user:pw@api.example.com", null, false, null)).hasMessageContaining("carries user info")
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> ApiEndpoint.of("ftp://api.example.com", null, false, null)).hasMessageContaining("is not an https:// URL");
    assertThat(ApiEndpoint.of(null, null, false, null).base()).hasToString(ApiEndpoint.DEFAULT_URL);
    assertThatThrownBy(() -> ApiEndpoint.of(null, java.nio.file.Path.of("no-such-ca.pem"), false, null))
        .hasMessageContaining("apiCaFile: no-such-ca.pem does not exist");
  }

  @Test
  void tokensWithSpacesOrLineBreaksAreRefusedWithoutQuotingThem() {
    assertThatThrownBy(() -> new ApiToken("abc\r\nX-Injected: 1", "HUMANITEC_TOKEN", "apiServerId"))
        .hasMessage("apiServerId: the token from HUMANITEC_TOKEN contains spaces, line breaks or control characters; copy the token again as one line");
    assertThatThrownBy(() -> new ApiToken(" ", "HUMANITEC_TOKEN", "apiServerId")).hasMessageContaining("is empty");
  }

  @Test
  void theTokenIsSentOnlyAsBearer() throws Exception {
    client(api.url(), api.token).agents("o");
    assertThat(api.authorizations).containsExactly("Bearer " + api.token);
    assertThat(new ApiToken(api.token, "x", "s").toString()).doesNotContain(api.token);
    assertThat(List.of(log.text())).noneMatch(t -> t.contains(api.token));
  }
}
