package io.agentkit.contract.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

/** Key fingerprints as the Agent API computes them. */
public final class Fingerprints {

  private Fingerprints() {}

  /** Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo: 64 characters. */
  public static String of(PublicKey key) {
    return sha256Hex(key.getEncoded());
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
