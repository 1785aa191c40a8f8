package io.agentkit.contract.testing;

import io.agentkit.contract.keys.Pem;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * Key fixtures in every format a reader must accept or reject, generated per test run so no private
 * key lives in the repository. RSA pairs are cached per name because 4096-bit generation is slow.
 */
public final class TestKeys {

  private static final Map<String, KeyPair> CACHE = new ConcurrentHashMap<>();

  private TestKeys() {}

  public static KeyPair rsa(String name, int bits) {
    return CACHE.computeIfAbsent(name + "/" + bits, k -> generate("RSA", bits));
  }

  /** A 4096-bit pair, shared by tests that only need "a valid key". */
  public static KeyPair rsa4096() {
    return rsa("default", 4096);
  }

  public static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pkcs8Pem(KeyPair pair) {
    return Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded());
  }

  /** PKCS#1 RSAPrivateKey: the OCTET STRING inside the PKCS#8 structure. */
  public static String pkcs1Pem(KeyPair pair) {
    return Pem.encode("RSA PRIVATE KEY", pkcs1Der(pair.getPrivate().getEncoded()));
  }

  /** PKCS#8 bytes under the PKCS#1 label. */
  public static String pkcs8UnderRsaLabelPem(KeyPair pair) {
    return Pem.encode("RSA PRIVATE KEY", pair.getPrivate().getEncoded());
  }

  public static String publicPem(KeyPair pair) {
    return Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded());
  }

  /**
   * A real password-encrypted PKCS#8 key ({@code BEGIN ENCRYPTED PRIVATE KEY}), as {@code openssl
   * pkcs8 -topk8 -v1 PBE-SHA1-3DES} writes. JDK 17 cannot encode the PBES2 parameters, hence PBES1.
   */
  public static String encryptedPkcs8Pem(KeyPair pair, String passphrase) {
    try {
      byte[] salt = new byte[16];
      new SecureRandom().nextBytes(salt);
      String alg = "PBEWithSHA1AndDESede";
      SecretKeyFactory f = SecretKeyFactory.getInstance(alg);
      Cipher cipher = Cipher.getInstance(alg);
      cipher.init(Cipher.ENCRYPT_MODE, f.generateSecret(new PBEKeySpec(passphrase.toCharArray())), new PBEParameterSpec(salt, 10_000));
      byte[] encrypted = cipher.doFinal(pair.getPrivate().getEncoded());
      AlgorithmParameters params = cipher.getParameters();
      return Pem.encode("ENCRYPTED PRIVATE KEY", new EncryptedPrivateKeyInfo(params, encrypted).getEncoded());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The legacy OpenSSL form: PKCS#1 with Proc-Type/DEK-Info headers (body left unencrypted; readers must stop at the header). */
  public static String legacyEncryptedPkcs1Pem(KeyPair pair) {
    String pem = pkcs1Pem(pair);
    return pem.replaceFirst("-----\n", "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\n");
  }

  /** The base64 lines between the PEM armour: what must never show up in output. */
  public static String pemBody(String pem) {
    return String.join("", Arrays.stream(pem.split("\n")).filter(l -> !l.startsWith("-----") && !l.contains(":") && !l.isBlank()).toList());
  }

  /** Every 64-character line of the body: a leak of any one is a leak. */
  public static String[] pemBodyLines(String pem) {
    return Arrays.stream(pem.split("\n")).filter(l -> !l.startsWith("-----") && !l.contains(":") && !l.isBlank()).toArray(String[]::new);
  }

  public static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] pkcs1Der(byte[] pkcs8) {
    // PrivateKeyInfo ::= SEQUENCE { INTEGER, AlgorithmIdentifier, OCTET STRING }; walk to the OCTET STRING.
    int[] pos = {0};
    readHeader(pkcs8, pos); // outer SEQUENCE
    skipElement(pkcs8, pos); // version
    skipElement(pkcs8, pos); // algorithm
    int len = readHeader(pkcs8, pos); // OCTET STRING
    return Arrays.copyOfRange(pkcs8, pos[0], pos[0] + len);
  }

  private static int readHeader(byte[] d, int[] pos) {
    pos[0]++; // tag
    int first = d[pos[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int len = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      len = (len << 8) | (d[pos[0]++] & 0xff);
    }
    return len;
  }

  private static void skipElement(byte[] d, int[] pos) {
    int len = readHeader(d, pos);
    pos[0] += len;
  }

  private static KeyPair generate(String alg, int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
