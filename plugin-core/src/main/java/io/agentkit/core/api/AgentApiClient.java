package io.agentkit.core.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentkit.core.BuildLog;
import io.agentkit.core.api.ApiModels.AgentSession;
import io.agentkit.core.api.ApiModels.LinkedKey;
import io.agentkit.core.api.ApiModels.RegisteredAgent;
import io.agentkit.core.oci.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Agent API calls of the installation guide ({@code agent-api.md}), plus the reference
 * orchestrator's sessions view. Connection failures, 5xx and 429 are retried with backoff; every
 * other failure becomes an {@link AgentApiException} naming the organization, the agent, the status
 * and the server's message. The token goes only into the Authorization header of requests to the
 * configured base URL: redirects are never followed, and server messages are redacted.
 */
public final class AgentApiClient {

  /** Answers larger than this are not the Agent API's (a list of many agents is a few hundred KiB). */
  static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;
  /** Server messages are quoted up to this length. */
  static final int MAX_MESSAGE_CHARS = 300;

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Statuses an API without a sessions view answers for it. */
  private static final Set<Integer> NOT_OFFERED = Set.of(404, 405, 501);

  /** A status and the server's message, for calls whose non-2xx answers the goals handle themselves. */
  public record Answer(int status, String message) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private record Reply(int status, String body) {}

  private final ApiEndpoint endpoint;
  private final ApiToken token;
  private final RetryPolicy retry;
  private final BuildLog log;
  private final HttpClient http;

  public AgentApiClient(ApiEndpoint endpoint, ApiToken token, RetryPolicy retry, BuildLog log) {
    this.endpoint = endpoint;
    this.token = token;
    this.retry = retry;
    this.log = log;
    this.http = endpoint.client();
  }

  public ApiEndpoint endpoint() {
    return endpoint;
  }

  /** {@code POST /orgs/{org}/agents}: 200 created, or 409 (the agent exists, or the key is linked to another agent). */
  public Answer createAgent(String org, String agentId, String publicKeyPem, String description) throws AgentApiException {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("id", agentId);
    body.put("public_key", publicKeyPem);
    if (description != null) {
      body.put("description", description);
    }
    ApiCall call = new ApiCall("POST", agentsPath(org), json(body), org, agentId, "registering agent '" + agentId + "' in organization '" + org + "'", true);
    return answer(call, send(call), 409);
  }

  /** {@code GET /orgs/{org}/agents}. */
  public List<RegisteredAgent> agents(String org) throws AgentApiException {
    ApiCall call = ApiCall.get(agentsPath(org), org, null, "listing the agents of organization '" + org + "'");
    return ApiModels.elements(array(call, require(call, send(call)))).stream().map(RegisteredAgent::of).toList();
  }

  /** {@code PATCH /orgs/{org}/agents/{id}}. */
  public void describe(String org, String agentId, String description) throws AgentApiException {
    ApiCall call = new ApiCall("PATCH", agentPath(org, agentId), json(Map.of("description", description)), org, agentId,
        "updating the description of agent '" + agentId + "' in organization '" + org + "'", false);
    require(call, send(call));
  }

  /** {@code GET /orgs/{org}/agents/{id}/keys}; empty when the agent is not registered there (404). */
  public Optional<List<LinkedKey>> keys(String org, String agentId) throws AgentApiException {
    ApiCall call = ApiCall.get(agentPath(org, agentId) + "/keys", org, agentId, "listing the keys of agent '" + agentId + "' in organization '" + org + "'");
    Reply r = send(call);
    if (r.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(ApiModels.elements(array(call, require(call, r))).stream().map(LinkedKey::of).toList());
  }

  /** {@code POST /orgs/{org}/agents/{id}/keys}: 200 linked, or 409 (linked already, here or to another agent). */
  public Answer linkKey(String org, String agentId, String publicKeyPem, String fingerprint) throws AgentApiException {
    ApiCall call = new ApiCall("POST", agentPath(org, agentId) + "/keys", json(Map.of("public_key", publicKeyPem)), org, agentId,
        "linking key " + fingerprint + " to agent '" + agentId + "' in organization '" + org + "'", true);
    return answer(call, send(call), 409);
  }

  /** {@code DELETE /orgs/{org}/agents/{id}/keys/{fingerprint}}: 204, or 404 (not linked). */
  public Answer unlinkKey(String org, String agentId, String fingerprint) throws AgentApiException {
    ApiCall call = ApiCall.delete(agentPath(org, agentId) + "/keys/" + segment(fingerprint), org, agentId,
        "unlinking key " + fingerprint + " from agent '" + agentId + "' in organization '" + org + "'");
    return answer(call, send(call), 404);
  }

  /** {@code DELETE /orgs/{org}/agents/{id}}: 204, or 404 (not registered). */
  public Answer deleteAgent(String org, String agentId) throws AgentApiException {
    ApiCall call = ApiCall.delete(agentPath(org, agentId), org, agentId, "deregistering agent '" + agentId + "' in organization '" + org + "'");
    return answer(call, send(call), 404);
  }

  /**
   * The agent's connected replicas, where the API offers a sessions view (the reference
   * orchestrator does; Humanitec's API may not). Call it for a registered agent: a 404 then means
   * the view does not exist.
   */
  public Optional<List<AgentSession>> sessions(String org, String agentId) throws AgentApiException {
    ApiCall call = ApiCall.get(agentPath(org, agentId) + "/sessions", org, agentId, "listing the sessions of agent '" + agentId + "' in organization '" + org + "'");
    Reply r = send(call);
    if (NOT_OFFERED.contains(r.status())) {
      return Optional.empty();
    }
    return Optional.of(ApiModels.elements(array(call, require(call, r))).stream().map(AgentSession::of).toList());
  }

  private static String agentsPath(String org) {
    return "/orgs/" + segment(org) + "/agents";
  }

  private static String agentPath(String org, String agentId) {
    return agentsPath(org) + "/" + segment(agentId);
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Answer answer(ApiCall call, Reply r, int alsoExpected) throws AgentApiException {
    if (r.status() != alsoExpected) {
      require(call, r);
    }
    return new Answer(r.status(), message(r.body()));
  }

  private Reply require(ApiCall call, Reply r) throws AgentApiException {
    if (r.status() < 200 || r.status() >= 300) {
      throw ApiFailures.of(call, r.status(), message(r.body()), endpoint.toString(), token);
    }
    return r;
  }

  private JsonNode array(ApiCall call, Reply r) throws AgentApiException {
    try {
      JsonNode n = JSON.readTree(r.body());
      if (n == null || !n.isArray()) {
        throw ApiFailures.unreadable(call, endpoint.toString(), "a JSON list");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw ApiFailures.unreadable(call, endpoint.toString(), "JSON");
    }
  }

  /** Sends with retries on connection failures, 5xx and 429; returns the first other answer, or the last one. */
  private Reply send(ApiCall call) throws AgentApiException {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(call.path())).timeout(Duration.ofSeconds(30))
        .header("Authorization", token.bearer()).header("Accept", "application/json");
    if (call.body() != null) {
      b.header("Content-Type", "application/json").method(call.method(), HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
    } else {
      b.method(call.method(), HttpRequest.BodyPublishers.noBody());
    }
    HttpRequest request = b.build();
    for (int attempt = 1; ; attempt++) {
      Duration wait;
      String why;
      try {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        String body = readBounded(response.body());
        if (body == null) {
          throw ApiFailures.unreadable(call, endpoint.toString(), "an answer of at most " + MAX_ANSWER_BYTES + " bytes");
        }
        int status = response.statusCode();
        log.debug("Agent API " + call + ": " + status);
        if (status < 500 && status != 429 || attempt >= retry.attempts()) {
          return new Reply(status, body);
        }
        why = "answered " + status;
        wait = retryAfter(response).orElse(delayAfter(attempt));
      } catch (IOException e) {
        if (attempt >= retry.attempts()) {
          throw ApiFailures.unreachable(call, endpoint.toString(), e, attempt);
        }
        why = "failed (" + e.getClass().getSimpleName() + ")";
        wait = delayAfter(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApiFailures.unreachable(call, endpoint.toString(), e, attempt);
      }
      log.warn("Agent API " + call + " " + why + "; retrying in " + wait.toMillis() + " ms (attempt " + (attempt + 1) + " of " + retry.attempts() + ")");
      sleep(wait);
    }
  }

  /** The answer, or null when it is larger than {@link #MAX_ANSWER_BYTES} (not read on). */
  private static String readBounded(InputStream in) throws IOException {
    try (in) {
      byte[] b = in.readNBytes(MAX_ANSWER_BYTES + 1);
      return b.length > MAX_ANSWER_BYTES ? null : new String(b, StandardCharsets.UTF_8);
    }
  }

  /** {@code Retry-After} in seconds, capped at the policy's longest wait. */
  private Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").filter(v -> v.matches("[0-9]{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v))).map(d -> d.compareTo(retry.maxDelay()) > 0 ? retry.maxDelay() : d);
  }

  private Duration delayAfter(int attempt) {
    long millis = retry.initialDelay().toMillis() << Math.min(attempt - 1, 20);
    return Duration.ofMillis(Math.min(millis, retry.maxDelay().toMillis()));
  }

  private static void sleep(Duration d) throws AgentApiException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AgentApiException.config(null, "interrupted while waiting to retry", null);
    }
  }

  /** The server's message: {@code error} or {@code message} of a JSON answer, else the text; one line, bounded, token removed. */
  private String message(String body) {
    String text = body == null ? "" : body.strip();
    try {
      JsonNode n = JSON.readTree(text);
      if (n != null && n.isObject()) {
        for (String field : List.of("error", "message", "detail")) {
          if (n.path(field).isTextual()) {
            text = n.path(field).asText();
            break;
          }
        }
      }
    } catch (JsonProcessingException e) {
      // Not JSON: quote the text as it is.
    }
    String line = token.redact(text).replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    return line.length() > MAX_MESSAGE_CHARS ? line.substring(0, MAX_MESSAGE_CHARS) + "…" : line;
  }

  private static String json(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
