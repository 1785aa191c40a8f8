package io.agentkit.core.lifecycle;

import io.agentkit.core.BuildLog;
import io.agentkit.core.api.AgentApiClient;
import io.agentkit.core.api.AgentApiException;
import io.agentkit.core.api.ApiModels.LinkedKey;
import io.agentkit.core.spec.AgentSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code unlink-key} goal for one agent. Every organization is checked before anything is
 * unlinked, so a refusal changes nothing: the last key of an agent and the agent's current local key
 * stay linked unless forced, because without them the agent cannot connect.
 */
final class UnlinkKey {

  static final String FINGERPRINT = "fingerprint";
  static final String FORCE = "force";

  /** A full fingerprint, or a prefix long enough to name one key (retired folders show 12 characters). */
  private static final Pattern FINGERPRINT_FORM = Pattern.compile("[0-9a-f]{12,64}");

  private final AgentApiClient api;
  private final BuildLog log;

  UnlinkKey(AgentApiClient api, BuildLog log) {
    this.api = api;
    this.log = log;
  }

  static String normalize(String fingerprint) throws LifecycleException {
    if (fingerprint == null || fingerprint.isBlank()) {
      throw new LifecycleException(FINGERPRINT, "is required: which key to unlink",
          "give the key's fingerprint, e.g. -Dhumanitec-agent.fingerprint=<64 hex characters> (humanitec-agent:agents lists them)");
    }
    String fp = fingerprint.strip().toLowerCase(Locale.ROOT).replace(":", "");
    if (!FINGERPRINT_FORM.matcher(fp).matches()) {
      throw new LifecycleException(FINGERPRINT, "'" + fingerprint + "' is not a key fingerprint",
          "give the 64 hex characters humanitec-agent:agents shows, or at least their first 12");
    }
    return fp;
  }

  /** @return keys unlinked */
  int run(AgentSpec spec, String fingerprint, String localFingerprint, boolean force) throws AgentApiException, LifecycleException {
    String id = spec.agentId();
    Map<String, String> toUnlink = new LinkedHashMap<>();
    for (String org : spec.organizations()) {
      List<LinkedKey> keys = api.keys(org, id).orElseThrow(() -> new LifecycleException(null,
          "agent " + id + " is not registered in organization " + org + " (HTTP 404)", "check organizations, or run humanitec-agent:register"));
      List<LinkedKey> matching = keys.stream().filter(k -> k.fingerprint().startsWith(fingerprint)).toList();
      if (matching.size() > 1) {
        throw new LifecycleException(FINGERPRINT, "'" + fingerprint + "' matches " + matching.size() + " keys of agent " + id + " in " + org,
            "give more characters, or the whole fingerprint");
      }
      if (matching.isEmpty()) {
        log.info("Agent " + id + ": no key " + fingerprint + " is linked in organization " + org + "; nothing to change");
        continue;
      }
      String fp = matching.get(0).fingerprint();
      if (!force && keys.size() == 1) {
        throw new LifecycleException(FORCE, "key " + fp + " is the last key of agent " + id + " in organization " + org
            + ": without it the agent cannot connect", "link another key first (humanitec-agent:link-key or rotate-keys), or unlink it anyway with -Dhumanitec-agent.force");
      }
      if (!force && fp.equals(localFingerprint)) {
        throw new LifecycleException(FORCE, "key " + fp + " is agent " + id + "'s current local key, the one its Secret holds: unlinking it disconnects the agent",
            "replace it with humanitec-agent:rotate-keys, or unlink it anyway with -Dhumanitec-agent.force");
      }
      toUnlink.put(org, fp);
    }
    int changes = 0;
    for (Map.Entry<String, String> e : toUnlink.entrySet()) {
      changes += Links.unlink(api, log, e.getKey(), id, e.getValue());
    }
    return changes;
  }
}
