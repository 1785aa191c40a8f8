package io.agentkit.orchestrator.api;

import java.util.List;
import java.util.Map;

/** One Agent API request as the routes see it, and their answer. */
final class ApiExchange {

  private ApiExchange() {}

  /**
   * @param path decoded path segments ({@code /orgs/o/agents} is {@code [orgs, o, agents]})
   * @param body the request body, empty when there is none
   */
  record Request(String method, List<String> path, Map<String, String> query, String authorization, byte[] body) {}

  /** {@code body} is serialised as JSON; null sends no body. */
  record Response(int status, Object body, Map<String, String> headers) {
    Response(int status, Object body) {
      this(status, body, Map.of());
    }
  }
}
