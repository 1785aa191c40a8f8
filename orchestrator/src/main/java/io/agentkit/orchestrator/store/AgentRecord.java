package io.agentkit.orchestrator.store;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The Agent object of the Agent API. */
public record AgentRecord(
    String id,
    String description,
    @JsonProperty("org_id") String orgId,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("created_by") String createdBy) {

  public AgentRecord withDescription(String d) {
    return new AgentRecord(id, d, orgId, createdAt, createdBy);
  }
}
