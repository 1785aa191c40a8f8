package io.agentkit.core.lifecycle;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.BuildLog;
import io.agentkit.core.api.AgentApiClient;
import io.agentkit.core.api.AgentApiException;
import io.agentkit.core.api.ApiModels.AgentSession;
import io.agentkit.core.api.ApiModels.LinkedKey;
import io.agentkit.core.keys.GenerateKeys;
import io.agentkit.core.keys.KeyLocations;
import io.agentkit.core.lifecycle.RotationState.Phase;
import io.agentkit.core.render.TemplateException;
import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.validate.InvalidOutputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The {@code rotate-keys} goal for one agent: the guide's five rotation steps as one resumable flow.
 * The first run retires the old pair locally (kept in a {@code retired-*} folder), writes a new one,
 * links it in every organization and renders the outputs with it; both keys stay linked, so old and
 * new replicas both connect while they overlap. The next run, after the rollout, confirms that the
 * new key is in use and the old one is not (from the API's sessions, or the user's word with
 * {@code force} where the API cannot tell), then unlinks the old key. Every step is recorded in a
 * {@link RotationState} before the next begins.
 */
final class RotateKeys {

  static final String GOAL = "rotate-keys";

  /** Renders the agent's outputs with its current key; the rollout instructions name what it wrote. */
  interface Outputs {
    List<String> render(AgentSpec spec) throws InvalidSpecException, KeyFileException, TemplateException, InvalidOutputException, IOException;
  }

  private final AgentApiClient api;
  private final KeyLocations locations;
  private final BuildLog log;

  RotateKeys(AgentApiClient api, KeyLocations locations, BuildLog log) {
    this.api = api;
    this.locations = locations;
    this.log = log;
  }

  /** Starts a rotation, or continues the one under way. @return API changes made */
  int run(AgentSpec spec, Outputs outputs, boolean force)
      throws AgentApiException, LifecycleException, InvalidSpecException, KeyFileException, TemplateException, InvalidOutputException, IOException {
    Path dir = locations.agentDirectory(spec.agentId());
    RotationState state = Files.isDirectory(dir) ? RotationState.read(dir) : null;
    if (state != null && state.phase() == Phase.ROLLING_OUT) {
      return finish(spec, state, dir, force);
    }
    if (state == null) {
      LocalKey old = LocalKey.current(locations, spec);
      requireLinkedEverywhere(spec, old);
      state = new RotationState(spec.agentId(), Phase.GENERATING, old.fingerprint(), null, null, spec.organizations(), now(), null);
      state.write(dir);
    } else {
      log.info("Agent " + spec.agentId() + ": continuing the key rotation started " + state.startedAt() + " (" + state.phase() + ")");
    }
    if (state.phase() == Phase.GENERATING) {
      state = newPair(spec, state);
      state.write(dir);
    }
    LocalKey fresh = LocalKey.current(locations, spec);
    int changes = 0;
    for (String org : spec.organizations()) {
      changes += Links.link(api, log, org, spec.agentId(), fresh);
    }
    List<String> written = outputs.render(spec);
    state = state.with(Phase.ROLLING_OUT);
    state.write(dir);
    RolloutInstructions.print(spec, state, dir, written, locations.privateKey(spec), log);
    return changes;
  }

  /** The old key must be what the API knows, or there is nothing to rotate from. */
  private void requireLinkedEverywhere(AgentSpec spec, LocalKey old) throws AgentApiException, LifecycleException {
    for (String org : spec.organizations()) {
      Optional<List<LinkedKey>> keys = api.keys(org, spec.agentId());
      if (keys.isEmpty()) {
        throw new LifecycleException(null, "agent " + spec.agentId() + " is not registered in organization " + org + ", so there is no key to rotate there",
            "run humanitec-agent:register first");
      }
      if (keys.get().stream().noneMatch(k -> k.fingerprint().equals(old.fingerprint()))) {
        log.warn("Agent " + spec.agentId() + ": the local key " + old.fingerprint() + " is not linked in organization " + org + "; rotating anyway");
      }
    }
  }

  /** Moves the old pair aside and writes the new one, unless an interrupted run already did. */
  private RotationState newPair(AgentSpec spec, RotationState state) throws KeyFileException, IOException, LifecycleException {
    LocalKey current = LocalKey.current(locations, spec);
    if (!current.fingerprint().equals(state.oldFingerprint())) {
      Path retired = findRetired(spec, state.oldFingerprint());
      log.info("Agent " + spec.agentId() + ": the new pair was already written; the old one is in " + retired);
      return state.withNewPair(current.fingerprint(), retired.getFileName().toString());
    }
    GenerateKeys.Rotation r = new GenerateKeys(locations, log).rotate(spec, GOAL);
    log.info("Agent " + spec.agentId() + ": wrote a new RSA 4096 key pair " + r.newFingerprint() + "; the old pair " + r.oldFingerprint()
        + " is kept in " + r.retiredDirectory());
    return state.withNewPair(r.newFingerprint(), r.retiredDirectory().getFileName().toString());
  }

  private Path findRetired(AgentSpec spec, String oldFingerprint) throws IOException, LifecycleException {
    Path dir = locations.agentDirectory(spec.agentId());
    try (var entries = Files.list(dir)) {
      for (Path p : entries.filter(Files::isDirectory).filter(p -> p.getFileName().toString().startsWith(KeyLocations.RETIRED_PREFIX)).sorted().toList()) {
        Path pub = p.resolve(KeyLocations.PUBLIC_KEY_FILE);
        if (Files.exists(pub) && LocalKey.read(pub).fingerprint().equals(oldFingerprint)) {
          return p;
        }
      }
    } catch (KeyFileException e) {
      throw new LifecycleException(null, e.getMessage(), null);
    }
    throw new LifecycleException(null, "the rotation state in " + dir + " names old key " + oldFingerprint + ", but neither the current pair nor a retired-* folder holds it",
        "restore the old pair from your secret store into a retired-* folder, or move " + RotationState.FILE + " away and start again");
  }

  /** The second run: the rollout is done where the API can tell (or the user says so), then the old key goes. */
  private int finish(AgentSpec spec, RotationState state, Path dir, boolean force) throws AgentApiException, LifecycleException, IOException {
    String id = spec.agentId();
    for (String org : spec.organizations()) {
      Optional<List<AgentSession>> sessions = api.sessions(org, id);
      if (sessions.isEmpty()) {
        if (!force) {
          throw new LifecycleException(UnlinkKey.FORCE, "the Agent API at " + api.endpoint() + " cannot tell which key agent " + id
              + " uses in organization " + org + " (it offers no sessions view), so the old key " + state.oldFingerprint() + " stays linked",
              "once every replica runs with the new key (kubectl rollout status deployment/" + spec.name() + " -n " + spec.namespace()
                  + "), run rotate-keys again with -Dhumanitec-agent.force");
        }
        log.warn("Agent " + id + ": the API cannot show sessions in " + org + "; unlinking the old key on your word (-Dhumanitec-agent.force)");
        continue;
      }
      List<String> onOld = sessions.get().stream().filter(s -> s.fingerprint().equals(state.oldFingerprint())).map(AgentSession::connectionId).toList();
      boolean onNew = sessions.get().stream().anyMatch(s -> s.fingerprint().equals(state.newFingerprint()) && !s.draining());
      log.info("Agent " + id + " in " + org + ": " + sessions.get().size() + (sessions.get().size() == 1 ? " session, " : " sessions, ") + onOld.size() + " with the old key, "
          + (onNew ? "at least one" : "none") + " serving with the new key");
      if (!force && !onOld.isEmpty()) {
        throw new LifecycleException(UnlinkKey.FORCE, "agent " + id + " still connects to organization " + org + " with the old key " + state.oldFingerprint()
            + " (connections " + String.join(", ", onOld) + "); unlinking it now would cut them off",
            "finish the rollout first (kubectl rollout status deployment/" + spec.name() + " -n " + spec.namespace() + "), then run rotate-keys again");
      }
      if (!force && !onNew) {
        throw new LifecycleException(UnlinkKey.FORCE, "no replica of agent " + id + " is connected to organization " + org + " with the new key "
            + state.newFingerprint() + " yet", "roll out the new key and wait until the agent is connected (humanitec-agent:agents shows its sessions), then run rotate-keys again");
      }
    }
    int changes = 0;
    for (String org : spec.organizations()) {
      changes += Links.unlink(api, log, org, id, state.oldFingerprint());
    }
    RotationState done = state.completed(now());
    Path retired = dir.resolve(state.retiredDirectory());
    done.write(retired);
    Files.delete(dir.resolve(RotationState.FILE));
    log.info("Agent " + id + ": key rotation complete: the old key " + state.oldFingerprint() + " is unlinked everywhere, the new key " + state.newFingerprint()
        + " is in use; the old pair is retired in " + retired + " (kept, never deleted; the rotation's record is " + RotationState.FILE + " there)");
    return changes;
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

}
