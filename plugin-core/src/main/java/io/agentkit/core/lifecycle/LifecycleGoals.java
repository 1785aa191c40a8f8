package io.agentkit.core.lifecycle;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.BuildLog;
import io.agentkit.core.GoalConfig;
import io.agentkit.core.Goals;
import io.agentkit.core.api.AgentApiClient;
import io.agentkit.core.api.AgentApiException;
import io.agentkit.core.keys.KeyLocations;
import io.agentkit.core.render.OutputFile;
import io.agentkit.core.render.OutputLayout;
import io.agentkit.core.render.TemplateException;
import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.settings.Purpose;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.validate.InvalidOutputException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lifecycle goals as plain Java, beside {@link Goals}: register, agents, link-key, unlink-key,
 * deregister and rotate-keys, each on every agent of the build (or those selected) in every
 * organization of each agent. Each returns how many changes it made at the Agent API, and says in
 * the log what it changed and what already was as configured.
 */
public final class LifecycleGoals {

  private final GoalConfig config;
  private final AgentApiClient api;
  private final BuildLog log;
  private final KeyLocations locations;

  public LifecycleGoals(GoalConfig config, AgentApiClient api, BuildLog log) {
    this.config = config;
    this.api = api;
    this.log = log;
    this.locations = new KeyLocations(config.keysDirectory());
  }

  public int register() throws InvalidSpecException, KeyFileException, AgentApiException, LifecycleException, IOException {
    List<AgentSpec> specs = specs(Purpose.AGENT);
    Map<AgentSpec, LocalKey> keys = new LinkedHashMap<>();
    for (AgentSpec spec : specs) {
      keys.put(spec, LocalKey.current(locations, spec));
    }
    Register register = new Register(api, log);
    int changes = 0;
    for (AgentSpec spec : specs) {
      changes += register.run(spec, keys.get(spec), spec.get(Settings.DESCRIPTION));
    }
    return summary("register", changes);
  }

  /** @return warnings given */
  public int agents() throws InvalidSpecException, AgentApiException, LifecycleException, IOException {
    List<AgentSpec> specs = specs(Purpose.AGENT);
    Map<String, AgentsReport.LocalFingerprints> local = new LinkedHashMap<>();
    for (AgentSpec spec : specs) {
      String current;
      try {
        current = LocalKey.current(locations, spec).fingerprint();
      } catch (KeyFileException | LifecycleException e) {
        current = null;
      }
      RotationState rotation = RotationState.read(locations.agentDirectory(spec.agentId()));
      local.put(spec.agentId(), new AgentsReport.LocalFingerprints(current, rotation == null ? null : rotation.oldFingerprint()));
    }
    return new AgentsReport(api, log, Instant.now()).run(specs, local);
  }

  /** @param publicKeyFile the key to link; null for each agent's current public key */
  public int linkKey(Path publicKeyFile) throws InvalidSpecException, KeyFileException, AgentApiException, LifecycleException, IOException {
    List<AgentSpec> specs = specs(Purpose.AGENT);
    int changes = 0;
    for (AgentSpec spec : specs) {
      LocalKey key = publicKeyFile != null ? LocalKey.read(publicKeyFile) : LocalKey.current(locations, spec);
      for (String org : spec.organizations()) {
        changes += Links.link(api, log, org, spec.agentId(), key);
      }
    }
    return summary("link-key", changes);
  }

  public int unlinkKey(String fingerprint, boolean force) throws InvalidSpecException, AgentApiException, LifecycleException, IOException {
    String fp = UnlinkKey.normalize(fingerprint);
    List<AgentSpec> specs = specs(Purpose.AGENT);
    UnlinkKey unlink = new UnlinkKey(api, log);
    int changes = 0;
    for (AgentSpec spec : specs) {
      String local;
      try {
        local = LocalKey.current(locations, spec).fingerprint();
      } catch (KeyFileException | LifecycleException e) {
        local = null;
      }
      changes += unlink.run(spec, fp, local, force);
    }
    return summary("unlink-key", changes);
  }

  /** @param confirmed agent ids the user confirmed for deletion */
  public int deregister(List<String> confirmed) throws InvalidSpecException, AgentApiException, LifecycleException, IOException {
    List<AgentSpec> specs = specs(Purpose.AGENT);
    Deregister.requireConfirmation(specs, confirmed == null ? List.of() : confirmed);
    Deregister deregister = new Deregister(api, log);
    int changes = 0;
    for (AgentSpec spec : specs) {
      changes += deregister.run(spec, locations, new OutputLayout(config.outputDirectory()));
    }
    return summary("deregister", changes);
  }

  public int rotateKeys(boolean force)
      throws InvalidSpecException, KeyFileException, AgentApiException, LifecycleException, TemplateException, InvalidOutputException, IOException {
    List<AgentSpec> specs = specs(Purpose.KUBERNETES);
    RotateKeys rotate = new RotateKeys(api, locations, log);
    int changes = 0;
    for (AgentSpec spec : specs) {
      changes += rotate.run(spec, this::renderWithNewKey, force);
    }
    return summary("rotate-keys", changes);
  }

  /** What render-manifests (and render-aci, for an agent with an ACI location) write, for this agent only. */
  private List<String> renderWithNewKey(AgentSpec spec) throws InvalidSpecException, KeyFileException, TemplateException, InvalidOutputException, IOException {
    GoalConfig one = new GoalConfig(config.base(), config.specDirectory(), List.of(spec.agentId()), config.keysDirectory(), config.outputDirectory(),
        config.templateDirectory(), config.manifestLayout(), false);
    Goals goals = new Goals(one, BuildLog.NONE);
    List<OutputFile> files = new ArrayList<>(goals.renderManifests());
    if (spec.get(Settings.ACI_LOCATION) != null) {
      files.addAll(goals.renderAci());
    }
    return files.stream().map(f -> f.path().toString()).toList();
  }

  private List<AgentSpec> specs(Purpose purpose) throws InvalidSpecException, IOException {
    return new Goals(config, log).specs(purpose);
  }

  private int summary(String goal, int changes) {
    log.info(goal + ": " + (changes == 0 ? "nothing changed at the Agent API: everything already was as configured"
        : changes + (changes == 1 ? " change" : " changes") + " at the Agent API " + api.endpoint()));
    return changes;
  }
}
