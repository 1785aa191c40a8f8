package io.agentkit.core.lifecycle;

import io.agentkit.core.BuildLog;
import io.agentkit.core.api.AgentApiClient;
import io.agentkit.core.api.AgentApiException;
import io.agentkit.core.api.ApiModels.LinkedKey;
import io.agentkit.core.api.ApiModels.RegisteredAgent;
import io.agentkit.core.spec.AgentSpec;
import java.util.List;
import java.util.Optional;

/**
 * The {@code register} goal for one agent: in each of its organizations, the agent exists with its
 * description and the local public key is linked. Whatever already holds is left alone and reported
 * as such, so running it again changes nothing.
 */
final class Register {

  private final AgentApiClient api;
  private final BuildLog log;

  Register(AgentApiClient api, BuildLog log) {
    this.api = api;
    this.log = log;
  }

  /** @return how many changes were made */
  int run(AgentSpec spec, LocalKey key, String description) throws AgentApiException, LifecycleException {
    int changes = 0;
    String id = spec.agentId();
    for (String org : spec.organizations()) {
      AgentApiClient.Answer created = api.createAgent(org, id, key.pem(), description);
      if (created.ok()) {
        log.info("Agent " + id + ": registered in organization " + org + " with key " + key.fingerprint());
        changes++;
        continue;
      }
      // 409: the agent exists, or this key is linked to another agent of the organization.
      Optional<List<LinkedKey>> keys = api.keys(org, id);
      if (keys.isEmpty()) {
        throw new LifecycleException(null, "organization " + org + " refused to register agent " + id + " with key " + key.fingerprint()
            + " (HTTP 409: \"" + created.message() + "\")", "the key belongs to another agent there: give agent " + id
            + " its own pair (humanitec-agent:rotate-keys, or generate-keys with a new keysDirectory)");
      }
      if (keys.get().stream().noneMatch(k -> k.fingerprint().equals(key.fingerprint()))) {
        changes += Links.link(api, log, org, id, key);
      } else {
        log.info("Agent " + id + ": already registered in organization " + org + " with key " + key.shortFingerprint() + "…; nothing to change");
      }
      changes += updateDescription(org, id, description);
    }
    return changes;
  }

  private int updateDescription(String org, String id, String description) throws AgentApiException {
    if (description == null) {
      return 0;
    }
    Optional<RegisteredAgent> agent = api.agents(org).stream().filter(a -> a.id().equals(id)).findFirst();
    if (agent.isPresent() && !description.equals(agent.get().description())) {
      api.describe(org, id, description);
      log.info("Agent " + id + ": updated its description in organization " + org + " to \"" + description + "\"");
      return 1;
    }
    return 0;
  }
}
