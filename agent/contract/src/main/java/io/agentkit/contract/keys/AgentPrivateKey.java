package io.agentkit.contract.keys;

import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

/**
 * A validated agent private key with its public half.
 *
 * <p>{@link #toString()} names the source, format, size and fingerprint only, so the object can be
 * logged safely.
 */
public final class AgentPrivateKey {

  private final String source;
  private final PrivateKeyFormat format;
  private final RSAPrivateCrtKey privateKey;
  private final RSAPublicKey publicKey;
  private final String fingerprint;

  AgentPrivateKey(String source, PrivateKeyFormat format, RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {
    this.source = source;
    this.format = format;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.fingerprint = Fingerprints.of(publicKey);
  }

  public String source() {
    return source;
  }

  public PrivateKeyFormat format() {
    return format;
  }

  public RSAPrivateCrtKey privateKey() {
    return privateKey;
  }

  public RSAPublicKey publicKey() {
    return publicKey;
  }

  public int bits() {
    return privateKey.getModulus().bitLength();
  }

  /** Fingerprint of the public half, as the Agent API shows it. */
  public String fingerprint() {
    return fingerprint;
  }

  /** The public half as {@code BEGIN PUBLIC KEY} PEM, the form the Agent API accepts. */
  public String publicKeyPem() {
    return Pem.encode("PUBLIC KEY", publicKey.getEncoded());
  }

  @Override
  public String toString() {
    return "RSA " + bits() + " private key " + source + " (" + format.description() + ", fingerprint " + fingerprint + ")";
  }
}
