package io.agentkit.core.keys;

import io.agentkit.core.spec.AgentSpec;
import java.nio.file.Path;

/**
 * Where an agent's keys live. The managed layout is {@code <keysDirectory>/<agent-id>/}, holding the
 * current pair under the guide's file names and any retired pairs in {@code retired-*} folders.
 */
public final class KeyLocations {

  /** The guide's file names, so that its commands work on our files unchanged. */
  public static final String PRIVATE_KEY_FILE = "humanitec_agent_private_key.pem";

  public static final String PUBLIC_KEY_FILE = "humanitec_agent_public_key.pem";

  public static final String RETIRED_PREFIX = "retired-";

  private final Path keysDirectory;

  public KeyLocations(Path keysDirectory) {
    this.keysDirectory = keysDirectory;
  }

  public Path keysDirectory() {
    return keysDirectory;
  }

  public Path agentDirectory(String agentId) {
    return keysDirectory.resolve(agentId);
  }

  /** The private key the agent's Secret embeds: the spec's own path, or the managed one. */
  public Path privateKey(AgentSpec spec) {
    return spec.privateKeyPath() != null ? spec.privateKeyPath() : agentDirectory(spec.agentId()).resolve(PRIVATE_KEY_FILE);
  }

  /**
   * The public key that should match {@link #privateKey}: beside it, named like it with "private"
   * replaced by "public". The file need not exist.
   */
  public Path publicKey(AgentSpec spec) {
    Path priv = privateKey(spec);
    String name = priv.getFileName().toString();
    String publicName = name.contains("private") ? name.replace("private", "public") : PUBLIC_KEY_FILE;
    return priv.resolveSibling(publicName);
  }

  /** Whether we manage this agent's keys (and may generate them), or the user points at their own. */
  public boolean isManaged(AgentSpec spec) {
    return spec.privateKeyPath() == null;
  }
}
