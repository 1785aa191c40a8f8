package io.agentkit.orchestrator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** The Key object of the Agent API: a public key linked to one agent. */
public record KeyRecord(
    String fingerprint,
    String key,
    @JsonProperty("created_at") String createdAt,
    @JsonProperty("created_by") String createdBy,
    @JsonProperty("expired_at") String expiredAt,
    @JsonProperty("is_authorized") boolean isAuthorized) {

  @JsonIgnore
  public boolean usableAt(Instant now) {
    return isAuthorized && now.isBefore(Instant.parse(expiredAt));
  }
}
