package io.agentkit.core.lifecycle;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.contract.keys.Pem;
import io.agentkit.core.keys.KeyLocations;
import io.agentkit.core.spec.AgentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A public key as the Agent API gets it: the {@code PUBLIC KEY} PEM block of a file, re-armoured,
 * and its fingerprint (SHA-256 of the DER SubjectPublicKeyInfo, as the API computes it). What keys
 * the API accepts is the API's call: a key it refuses comes back as a 400 that the goal explains.
 */
public record LocalKey(Path file, String pem, String fingerprint) {

  /** The agent's current public key: the managed pair's, or the one beside privateKeyPath. */
  static LocalKey current(KeyLocations locations, AgentSpec spec) throws LifecycleException, KeyFileException {
    Path pub = locations.publicKey(spec);
    if (!Files.exists(pub)) {
      String fix = Files.exists(locations.privateKey(spec))
          ? "run humanitec-agent:generate-keys, which derives it from the private key"
          : "run humanitec-agent:generate-keys first (it creates the pair), or point privateKeyPath at your own key";
      throw new LifecycleException(null, "agent " + spec.agentId() + " has no public key at " + pub, fix);
    }
    return read(pub);
  }

  /** A public key file: {@code -----BEGIN PUBLIC KEY-----} PEM. */
  public static LocalKey read(Path file) throws KeyFileException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new KeyFileException(file, "does not exist", "check the path");
    } catch (IOException e) {
      throw new KeyFileException(file, "cannot be read (" + e.getClass().getSimpleName() + ")", "check the file's permissions");
    }
    for (Pem.Block b : Pem.parse(bytes, file.toString())) {
      if (b.label().equals("PUBLIC KEY")) {
        return new LocalKey(file, Pem.encode("PUBLIC KEY", b.der()), sha256(b.der()));
      }
      if (b.label().endsWith("PRIVATE KEY")) {
        throw new KeyFileException(file, "holds a private key where the public key was expected", "give the public key file (humanitec_agent_public_key.pem)");
      }
    }
    throw new KeyFileException(file, "contains no '-----BEGIN PUBLIC KEY-----' block", "give the agent's public key in SubjectPublicKeyInfo PEM (openssl rsa -pubout)");
  }

  /** The first 12 characters, as retired folders and logs show it. */
  public String shortFingerprint() {
    return fingerprint.substring(0, 12);
  }

  private static String sha256(byte[] der) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "public key " + fingerprint + " (" + file + ")";
  }
}
