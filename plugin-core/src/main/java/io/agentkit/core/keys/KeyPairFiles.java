package io.agentkit.core.keys;

import io.agentkit.contract.keys.AgentPrivateKey;
import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.contract.keys.KeyPairCheck;
import io.agentkit.contract.keys.PrivateKeyReader;
import io.agentkit.contract.keys.PublicKeyReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a private key and, when present, checks the public key beside it. */
public final class KeyPairFiles {

  private KeyPairFiles() {}

  /** A validated key with the PEM bytes to embed (the file as it is, so the Secret matches it). */
  public record LoadedKey(AgentPrivateKey key, byte[] pem) {
    @Override
    public String toString() {
      return key.toString();
    }
  }

  public static LoadedKey load(Path privateKey, Path publicKey) throws KeyFileException {
    AgentPrivateKey key = PrivateKeyReader.read(privateKey);
    if (publicKey != null && Files.exists(publicKey)) {
      KeyPairCheck.requireMatch(key, PublicKeyReader.read(publicKey), publicKey.toString());
    }
    try {
      return new LoadedKey(key, Files.readAllBytes(privateKey));
    } catch (IOException e) {
      throw new KeyFileException(privateKey, "cannot be read (" + e.getClass().getSimpleName() + ")", "check the file's permissions");
    }
  }
}
