package io.agentkit.contract.keys;

import java.util.Map;

/** Object identifiers of key algorithms, to name what a non-RSA key is. */
final class KeyAlgorithms {

  static final String RSA = "1.2.840.113549.1.1.1";

  /** DER of AlgorithmIdentifier { rsaEncryption, NULL }. */
  static final byte[] RSA_ALGORITHM_IDENTIFIER = {
    0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01,
    0x05, 0x00
  };

  private static final Map<String, String> NAMES =
      Map.of(
          RSA, "RSA",
          "1.2.840.113549.1.1.10", "RSA-PSS",
          "1.2.840.10045.2.1", "EC",
          "1.2.840.10040.4.1", "DSA",
          "1.3.101.110", "X25519",
          "1.3.101.111", "X448",
          "1.3.101.112", "Ed25519",
          "1.3.101.113", "Ed448");

  private KeyAlgorithms() {}

  static String name(String oid) {
    return NAMES.getOrDefault(oid, "unknown algorithm " + oid);
  }
}
