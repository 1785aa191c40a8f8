package io.agentkit.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The Agent API's objects as the goals use them; fields the API adds later are ignored. */
public final class ApiModels {

  private ApiModels() {}

  /** {@code GET /orgs/{org}/agents}: an agent. */
  public record RegisteredAgent(String id, String description, String createdAt, String createdBy) {
    static RegisteredAgent of(JsonNode n) {
      return new RegisteredAgent(text(n, "id"), text(n, "description"), text(n, "created_at"), text(n, "created_by"));
    }
  }

  /** {@code GET /orgs/{org}/agents/{id}/keys}: a linked public key. */
  public record LinkedKey(String fingerprint, String createdAt, String createdBy, String expiresAt, boolean authorized) {
    static LinkedKey of(JsonNode n) {
      return new LinkedKey(text(n, "fingerprint").toLowerCase(java.util.Locale.ROOT), text(n, "created_at"), text(n, "created_by"),
          text(n, "expired_at"), n.path("is_authorized").asBoolean(true));
    }

    /** When the key stops working, or null when the API did not say or said something unreadable. */
    public Instant expiry() {
      try {
        return expiresAt.isEmpty() ? null : Instant.parse(expiresAt);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }

  /** {@code GET /orgs/{org}/agents/{id}/sessions} (the reference orchestrator's): a connected replica. */
  public record AgentSession(String connectionId, String fingerprint, String connectedAt, boolean draining, int activeStreams) {
    static AgentSession of(JsonNode n) {
      return new AgentSession(text(n, "connection_id"), text(n, "fingerprint").toLowerCase(java.util.Locale.ROOT), text(n, "connected_at"),
          n.path("draining").asBoolean(false), n.path("active_streams").asInt(0));
    }
  }

  /** Elements of a JSON array, or an empty list for anything else. */
  static List<JsonNode> elements(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(out::add);
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isValueNode() && !v.isNull() ? v.asText() : "";
  }
}
