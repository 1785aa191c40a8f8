package io.agentkit.core.keys;

import io.agentkit.core.BuildLog;

/** The fingerprint and next steps after generate-keys, in the guide's order. */
final class KeyReport {

  private KeyReport() {}

  static void print(GenerateKeys.Result r, BuildLog log) {
    String id = r.spec().agentId();
    switch (r.outcome()) {
      case GENERATED -> log.info("Agent " + id + ": generated a new RSA 4096 key pair");
      case EXISTING_VALID -> log.info("Agent " + id + ": existing key pair is valid (RSA, at least 4096 bits, public key matches private key); not overwritten");
      case PUBLIC_KEY_DERIVED -> log.info("Agent " + id + ": private key is valid; its public key was missing and has been derived from it");
      case ROTATED -> log.info("Agent " + id + ": rotated the key pair; the previous pair is kept in " + r.retiredDirectory());
      case USER_KEY_VALID -> log.info("Agent " + id + ": your private key is valid (RSA, at least 4096 bits)");
    }
    log.info("  private key: " + r.privateKey() + (r.outcome() == GenerateKeys.Outcome.USER_KEY_VALID ? "" : " (mode 0600; never commit it)"));
    log.info("  public key:  " + r.publicKey());
    log.info("  fingerprint: " + r.fingerprint());
    if (r.outcome() == GenerateKeys.Outcome.ROTATED) {
      log.info("Next steps for agent " + id + " (humanitec-agent:rotate-keys does them for you, confirming the rollout before it unlinks the old key):");
      log.info("  1. Link the new public key to the agent:");
      AgentApiRequests.linkKeyCommands(r.spec(), r.requests().linkKey()).forEach(c -> log.info("       " + c));
      log.info("  2. Render and apply the manifests (the Secret now holds the new key), then restart the agent:");
      log.info("       kubectl rollout restart deployment/" + r.spec().name() + " -n " + r.spec().namespace());
      log.info("  3. Unlink the old public key " + r.retiredFingerprint() + ":");
      AgentApiRequests.unlinkKeyCommands(r.spec(), r.retiredFingerprint()).forEach(c -> log.info("       " + c));
      log.info("  4. Delete " + r.retiredDirectory() + " once the agent connects with the new key.");
      return;
    }
    log.info("Next steps for agent " + id + ":");
    log.info("  1. Register the agent and its public key: mvn humanitec-agent:register (token from settings.xml server 'humanitec' or HUMANITEC_TOKEN),");
    log.info("     or by hand, once per organization (a 409 means it is already registered):");
    AgentApiRequests.registerCommands(r.spec(), r.requests().register()).forEach(c -> log.info("       " + c));
    log.info("     To add this key to an agent that is already registered, use " + r.requests().linkKey() + " instead:");
    AgentApiRequests.linkKeyCommands(r.spec(), r.requests().linkKey()).forEach(c -> log.info("       " + c));
    log.info("  2. Render the manifests (humanitec-agent:render-manifests) and apply them with kubectl.");
    log.info("  3. Keep a copy of the private key in your secret store.");
  }
}
