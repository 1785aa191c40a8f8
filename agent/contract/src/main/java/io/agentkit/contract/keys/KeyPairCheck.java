package io.agentkit.contract.keys;

import java.security.interfaces.RSAPublicKey;

/** Checks that a public key file belongs to a private key. */
public final class KeyPairCheck {

  private KeyPairCheck() {}

  /**
   * @param publicSource file name of the public key, for the message
   */
  public static void requireMatch(AgentPrivateKey privateKey, RSAPublicKey publicKey, String publicSource) throws KeyFileException {
    if (!privateKey.publicKey().getModulus().equals(publicKey.getModulus())
        || !privateKey.publicKey().getPublicExponent().equals(publicKey.getPublicExponent())) {
      throw new KeyFileException(
          publicSource,
          "does not belong to the private key " + privateKey.source()
              + " (public key fingerprint " + Fingerprints.of(publicKey) + ", private key's " + privateKey.fingerprint() + ")",
          "derive the public key from the private key again with `openssl rsa -in " + privateKey.source() + " -pubout -out " + publicSource + "`, or use the matching pair");
    }
  }
}
