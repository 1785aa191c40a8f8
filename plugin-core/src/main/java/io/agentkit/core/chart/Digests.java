package io.agentkit.core.chart;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, as archives are reported and OCI content is addressed. */
public final class Digests {

  private Digests() {}

  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The OCI content digest, {@code sha256:<hex>}. */
  public static String ociDigest(byte[] bytes) {
    return "sha256:" + sha256Hex(bytes);
  }
}
