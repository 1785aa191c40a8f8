package io.agentkit.core.lifecycle;

import io.agentkit.core.BuildLog;
import io.agentkit.core.settings.SecretFormat;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.spec.AgentSpec;
import java.nio.file.Path;
import java.util.List;

/** What rotate-keys prints after its first run: how the new key reaches the running agent, then the second run. */
final class RolloutInstructions {

  private RolloutInstructions() {}

  static void print(AgentSpec spec, RotationState state, Path keysDir, List<String> written, Path newPrivateKey, BuildLog log) {
    String id = spec.agentId();
    String deployment = "deployment/" + spec.name() + " -n " + spec.namespace();
    log.info("Agent " + id + ": new key " + state.newFingerprint() + " is linked next to the old key " + state.oldFingerprint() + " in "
        + String.join(", ", spec.organizations()) + ", so old and new replicas both connect while the rollout overlaps them.");
    log.info("The old pair is kept in " + keysDir.resolve(state.retiredDirectory()) + " until the rotation completes (and afterwards: it is never deleted).");
    written.forEach(f -> log.info("Rendered with the new key: " + f));
    log.info("Roll out the new key now, the way the agent is installed:");
    if (!spec.rendersSecret()) {
      log.info("  - your Secret '" + spec.secretName() + "': put " + newPrivateKey + " into it (key '" + spec.secretKey() + "'), then kubectl rollout restart "
          + deployment);
    } else if (spec.secretFormat() == SecretFormat.EXTERNAL_SECRET) {
      log.info("  - external store " + spec.get(Settings.EXTERNAL_SECRET_STORE) + ": store " + newPrivateKey + " under " + spec.get(Settings.EXTERNAL_SECRET_REMOTE_KEY)
          + "; once the operator refreshed Secret '" + spec.secretName() + "' (every " + spec.get(Settings.EXTERNAL_SECRET_REFRESH_INTERVAL)
          + "), kubectl rollout restart " + deployment);
    } else {
      log.info("  - manifests: kubectl apply -f <the rendered manifests> && kubectl rollout restart " + deployment + " && kubectl rollout status " + deployment
          + (spec.secretFormat() == SecretFormat.SEALED_SECRET ? "  (GitOps: commit them; the SealedSecret is safe to commit)" : ""));
      log.info("  - Helm: helm upgrade " + spec.name() + " <chart> -n " + spec.namespace() + " --reuse-values "
          + (spec.secretFormat() == SecretFormat.SEALED_SECRET ? "-f <the rendered helm-values.yaml>" : "--set-file humanitec.privateKey=" + newPrivateKey)
          + "  (the key's checksum annotation changes, so the pods roll by themselves)");
    }
    if (spec.get(Settings.ACI_LOCATION) != null) {
      log.info("  - Azure Container Instances: az container create --resource-group <resource-group> --file <the rendered ACI file> (replaces the group)");
    }
    log.info("Then run humanitec-agent:rotate-keys again: it checks that the agent connects with the new key and no longer with the old one,"
        + " unlinks the old key and completes the rotation.");
  }
}
