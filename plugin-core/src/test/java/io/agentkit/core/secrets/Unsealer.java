package io.agentkit.core.secrets;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the sealed-secrets controller does with a sealed value, for tests: split off the RSA
 * ciphertext by its two-byte length, unwrap the session key with RSA-OAEP SHA-256 and the scope
 * label, then open the AES-256-GCM ciphertext with an all-zero nonce.
 */
public final class Unsealer {

  private Unsealer() {}

  public static byte[] unseal(PrivateKey controllerKey, byte[] label, String sealedBase64) throws GeneralSecurityException {
    ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(sealedBase64));
    int rsaLength = Short.toUnsignedInt(in.getShort());
    byte[] wrapped = new byte[rsaLength];
    in.get(wrapped);
    byte[] sealed = new byte[in.remaining()];
    in.get(sealed);
    Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
    rsa.init(Cipher.DECRYPT_MODE, controllerKey, SealedSecrets.oaep(label));
    byte[] sessionKey = rsa.doFinal(wrapped);
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sessionKey, "AES"), new GCMParameterSpec(128, new byte[12]));
    return aes.doFinal(sealed);
  }
}
