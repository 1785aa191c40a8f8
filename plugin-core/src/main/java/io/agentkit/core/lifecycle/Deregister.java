package io.agentkit.core.lifecycle;

import io.agentkit.core.BuildLog;
import io.agentkit.core.api.AgentApiClient;
import io.agentkit.core.api.AgentApiException;
import io.agentkit.core.keys.KeyLocations;
import io.agentkit.core.render.OutputLayout;
import io.agentkit.core.spec.AgentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code deregister} goal, the last step of the guide's "Uninstalling": deletes the agent and
 * all its keys in every organization, only when the agent id is confirmed. The local key pair is
 * kept; the uninstall commands for what was rendered are printed.
 */
final class Deregister {

  static final String CONFIRM = "confirm";

  private final AgentApiClient api;
  private final BuildLog log;

  Deregister(AgentApiClient api, BuildLog log) {
    this.api = api;
    this.log = log;
  }

  /** Refuses unless every agent is named in {@code confirmed}; checked for all agents before any is deleted. */
  static void requireConfirmation(List<AgentSpec> specs, List<String> confirmed) throws LifecycleException {
    for (AgentSpec spec : specs) {
      if (!confirmed.contains(spec.agentId())) {
        throw new LifecycleException(CONFIRM, "deregister deletes agent " + spec.agentId() + " and all its keys in organization"
            + (spec.organizations().size() == 1 ? " " : "s ") + String.join(", ", spec.organizations()) + "; an installed agent can no longer connect",
            "confirm with -Dhumanitec-agent.confirm=" + spec.agentId() + (specs.size() > 1 ? " (several: comma-separated agent ids)" : ""));
      }
    }
  }

  /** @return organizations the agent was deleted in */
  int run(AgentSpec spec, KeyLocations keys, OutputLayout outputs) throws AgentApiException {
    int changes = 0;
    for (String org : spec.organizations()) {
      if (api.deleteAgent(org, spec.agentId()).ok()) {
        log.info("Agent " + spec.agentId() + ": deregistered from organization " + org + " with all its keys");
        changes++;
      } else {
        log.info("Agent " + spec.agentId() + ": not registered in organization " + org + "; nothing to change");
      }
    }
    log.info("Uninstall agent " + spec.agentId() + " where it runs, as the guide does:");
    Path manifests = outputs.manifestsFile(spec);
    Path perObject = outputs.manifestsDirectory(spec);
    Path rendered = Files.exists(manifests) ? manifests : Files.isDirectory(perObject) ? perObject : manifests;
    log.info("  Kubernetes: kubectl delete -f " + rendered + " (the manifests you applied; or: helm uninstall " + spec.name() + " -n " + spec.namespace() + ")");
    log.info("  Azure Container Instances: az container delete --name " + spec.name() + " --resource-group <resource-group>");
    Path dir = keys.privateKey(spec).getParent();
    log.info("The key pair stays in " + dir + " (never deleted by this plugin): delete it once you no longer need it.");
    return changes;
  }
}
