package io.agentkit.core.keys;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.spec.AgentSpec;
import java.nio.file.Files;
import java.nio.file.Path;

/** The key an output embeds (Secret, ACI volume), with a fix that fits this tool when it is missing. */
public final class AgentKeys {

  private final KeyLocations locations;

  public AgentKeys(KeyLocations locations) {
    this.locations = locations;
  }

  public KeyLocations locations() {
    return locations;
  }

  public KeyPairFiles.LoadedKey load(AgentSpec spec) throws KeyFileException {
    Path priv = locations.privateKey(spec);
    if (!Files.exists(priv)) {
      String fix = locations.isManaged(spec)
          ? "run `mvn humanitec-agent:generate-keys` first (or bind it in the POM before this goal), point privateKeyPath at an existing key"
              + (spec.rendersSecret() ? ", or set existingSecret to mount a Secret you manage yourself" : "")
          : "check privateKeyPath";
      throw new KeyFileException(priv, "does not exist: agent " + spec.agentId() + " has no private key", fix);
    }
    return KeyPairFiles.load(priv, locations.publicKey(spec));
  }
}
