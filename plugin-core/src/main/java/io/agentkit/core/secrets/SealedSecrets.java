package io.agentkit.core.secrets;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a value the way the Bitnami sealed-secrets controller unseals it: a fresh 32-byte session
 * key encrypts the value with AES-256-GCM (a single-use key, so the nonce is all zeros); the session
 * key is encrypted with RSA-OAEP (SHA-256, MGF1 SHA-256) under the controller's key, with the scope
 * as the OAEP label. The result is the RSA ciphertext's length as two big-endian bytes, the RSA
 * ciphertext, then the AES ciphertext with its tag, in base64.
 */
public final class SealedSecrets {

  static final int SESSION_KEY_BYTES = 32;
  static final int GCM_NONCE_BYTES = 12;
  static final int GCM_TAG_BITS = 128;

  private static final SecureRandom RANDOM = new SecureRandom();

  private SealedSecrets() {}

  /** The OAEP label of strict scope: the Secret's namespace and name; only that Secret can be unsealed from it. */
  public static byte[] strictLabel(String namespace, String name) {
    return (namespace + "/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The sealed value for {@code spec.encryptedData.<key>}. */
  public static String seal(RSAPublicKey controllerKey, byte[] label, byte[] value) {
    byte[] sessionKey = new byte[SESSION_KEY_BYTES];
    RANDOM.nextBytes(sessionKey);
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.ENCRYPT_MODE, controllerKey, oaep(label));
      byte[] wrapped = rsa.doFinal(sessionKey);
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sessionKey, "AES"), new GCMParameterSpec(GCM_TAG_BITS, new byte[GCM_NONCE_BYTES]));
      byte[] sealed = aes.doFinal(value);
      ByteBuffer out = ByteBuffer.allocate(2 + wrapped.length + sealed.length);
      out.putShort((short) wrapped.length).put(wrapped).put(sealed);
      return Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM cannot do RSA-OAEP or AES-GCM", e);
    } finally {
      java.util.Arrays.fill(sessionKey, (byte) 0);
    }
  }

  /** RSA-OAEP with SHA-256 for both the digest and MGF1, as Go's rsa.EncryptOAEP(sha256.New(), ...) does. */
  static OAEPParameterSpec oaep(byte[] label) {
    return new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, new PSource.PSpecified(label));
  }
}
