package io.agentkit.core.keys;

import io.agentkit.contract.keys.Pem;
import io.agentkit.contract.keys.RsaKeyPolicy;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.RSAKeyGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * RSA key pairs as the Agent API wants them: 4096 bits, exponent 65537, no passphrase; private key
 * PKCS#8 PEM, public key SubjectPublicKeyInfo PEM.
 */
public final class RsaKeyGenerator {

  // Not registered with java.security.Security: the Maven JVM is shared with other plugins.
  private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

  private RsaKeyGenerator() {}

  /** PEM texts of a new pair; the private one is the caller's to protect. */
  public record PemPair(byte[] privatePem, byte[] publicPem) {
    @Override
    public String toString() {
      return "PEM key pair";
    }
  }

  public static PemPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", PROVIDER);
      generator.initialize(new RSAKeyGenParameterSpec(RsaKeyPolicy.MIN_BITS, RSAKeyGenParameterSpec.F4), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      return new PemPair(
          Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII),
          Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()).getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Bouncy Castle cannot generate RSA keys", e);
    }
  }
}
