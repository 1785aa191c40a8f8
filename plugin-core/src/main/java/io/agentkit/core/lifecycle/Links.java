package io.agentkit.core.lifecycle;

import io.agentkit.core.BuildLog;
import io.agentkit.core.api.AgentApiClient;
import io.agentkit.core.api.AgentApiException;
import io.agentkit.core.api.ApiModels.LinkedKey;
import java.util.List;

/** Linking and unlinking one key in one organization, idempotently: what is already so is reported, not redone. */
final class Links {

  private Links() {}

  /** @return 1 if the key was linked now, 0 if it already was */
  static int link(AgentApiClient api, BuildLog log, String org, String agentId, LocalKey key) throws AgentApiException, LifecycleException {
    AgentApiClient.Answer a = api.linkKey(org, agentId, key.pem(), key.fingerprint());
    if (a.ok()) {
      log.info("Agent " + agentId + ": linked key " + key.fingerprint() + " in organization " + org);
      return 1;
    }
    List<LinkedKey> keys = api.keys(org, agentId).orElse(List.of());
    if (keys.stream().anyMatch(k -> k.fingerprint().equals(key.fingerprint()))) {
      log.info("Agent " + agentId + ": key " + key.shortFingerprint() + "… is already linked in organization " + org + "; nothing to change");
      return 0;
    }
    throw new LifecycleException(null, "organization " + org + " refused to link key " + key.fingerprint() + " to agent " + agentId
        + " (HTTP 409: \"" + a.message() + "\")", "the key belongs to another agent there: give each agent its own pair");
  }

  /** @return 1 if the key was unlinked now, 0 if it was not linked */
  static int unlink(AgentApiClient api, BuildLog log, String org, String agentId, String fingerprint) throws AgentApiException {
    AgentApiClient.Answer a = api.unlinkKey(org, agentId, fingerprint);
    if (a.ok()) {
      log.info("Agent " + agentId + ": unlinked key " + fingerprint + " in organization " + org);
      return 1;
    }
    log.info("Agent " + agentId + ": key " + fingerprint.substring(0, 12) + "… is not linked in organization " + org + "; nothing to change");
    return 0;
  }
}
