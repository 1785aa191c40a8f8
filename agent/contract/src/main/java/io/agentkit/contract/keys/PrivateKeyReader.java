package io.agentkit.contract.keys;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the agent's private key: PKCS#8, PKCS#1, or PKCS#8 under an RSA label; RSA of at least
 * 4096 bits, unencrypted.
 *
 * <p>Every rejection says what the file is and how to get a usable one. Messages never quote key
 * material, and decoding failures are not chained as causes for the same reason.
 */
public final class PrivateKeyReader {

  private static final String FIX_NEW_KEY = "generate a new key with `" + RsaKeyPolicy.OPENSSL_GENERATE + "`";

  private PrivateKeyReader() {}

  public static AgentPrivateKey read(Path file) throws KeyFileException {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new KeyFileException(file, "is a directory, not a private key file", "point at the .pem file inside it");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new KeyFileException(file, "does not exist", "check the path, or " + FIX_NEW_KEY);
    } catch (IOException e) {
      throw new KeyFileException(file, "cannot be read (" + e.getClass().getSimpleName() + ")", "check the file's permissions");
    }
    try {
      return parse(bytes, file.toString());
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Parses PEM text; {@code source} names it in messages. */
  public static AgentPrivateKey parse(byte[] pem, String source) throws KeyFileException {
    List<Pem.Block> blocks = Pem.parse(pem, source);
    if (blocks.isEmpty()) {
      throw new KeyFileException(
          source,
          "contains no PEM block (expected a line '-----BEGIN PRIVATE KEY-----')",
          "use the private key file itself, not a certificate or a base64-encoded copy; or " + FIX_NEW_KEY);
    }
    Pem.Block block = privateKeyBlock(blocks, source);
    switch (block.label()) {
      case "PRIVATE KEY":
        return fromPkcs8(block.der(), PrivateKeyFormat.PKCS8, source);
      case "RSA PRIVATE KEY":
        return fromRsaLabel(block, source);
      case "ENCRYPTED PRIVATE KEY":
        throw encrypted(source);
      case "EC PRIVATE KEY":
        throw notRsa(source, "EC");
      case "DSA PRIVATE KEY":
        throw notRsa(source, "DSA");
      case "OPENSSH PRIVATE KEY":
        throw new KeyFileException(
            source,
            "is an OpenSSH private key, not a PEM RSA key",
            "the agent needs an RSA " + RsaKeyPolicy.MIN_BITS + " key in PEM form: " + FIX_NEW_KEY);
      default:
        throw new KeyFileException(source, "holds a " + block.label() + " block, not a private key", FIX_NEW_KEY);
    }
  }

  private static Pem.Block privateKeyBlock(List<Pem.Block> blocks, String source) throws KeyFileException {
    List<Pem.Block> keys = blocks.stream().filter(b -> b.label().endsWith("PRIVATE KEY")).toList();
    if (keys.size() > 1) {
      throw new KeyFileException(source, "contains " + keys.size() + " private keys", "keep exactly one private key in the file");
    }
    if (keys.isEmpty()) {
      boolean isPublic = blocks.stream().anyMatch(b -> b.label().contains("PUBLIC KEY"));
      if (isPublic) {
        throw new KeyFileException(
            source,
            "is a public key; the agent needs the private key",
            "use humanitec_agent_private_key.pem, not humanitec_agent_public_key.pem");
      }
      return blocks.get(0);
    }
    return keys.get(0);
  }

  private static AgentPrivateKey fromRsaLabel(Pem.Block block, String source) throws KeyFileException {
    String procType = block.headers().get("Proc-Type");
    if (procType != null && procType.contains("ENCRYPTED")) {
      throw encrypted(source);
    }
    byte[] der = block.der();
    Der.Element outer = new Der.Reader(der).next();
    if (outer == null || outer.tag() != Der.SEQUENCE) {
      throw damaged(source);
    }
    Der.Reader children = outer.children();
    Der.Element version = children.next();
    Der.Element second = children.hasNext() ? children.next() : null;
    if (version == null || version.tag() != Der.INTEGER || second == null) {
      throw damaged(source);
    }
    if (second.tag() == Der.SEQUENCE) {
      return fromPkcs8(der, PrivateKeyFormat.PKCS8_UNDER_RSA_LABEL, source);
    }
    if (second.tag() != Der.INTEGER) {
      throw damaged(source);
    }
    byte[] pkcs8 = Der.encode(Der.SEQUENCE, new byte[] {Der.INTEGER, 1, 0}, KeyAlgorithms.RSA_ALGORITHM_IDENTIFIER, Der.encode(Der.OCTET_STRING, der));
    try {
      return fromPkcs8(pkcs8, PrivateKeyFormat.PKCS1, source);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  private static AgentPrivateKey fromPkcs8(byte[] der, PrivateKeyFormat format, String source) throws KeyFileException {
    Der.Element outer = new Der.Reader(der).next();
    if (outer == null || outer.tag() != Der.SEQUENCE) {
      throw damaged(source);
    }
    Der.Reader children = outer.children();
    Der.Element first = children.next();
    if (first != null && first.tag() == Der.SEQUENCE) {
      // EncryptedPrivateKeyInfo starts with an AlgorithmIdentifier; PrivateKeyInfo with a version.
      throw encrypted(source);
    }
    Der.Element algorithm = children.hasNext() ? children.next() : null;
    if (first == null || first.tag() != Der.INTEGER || algorithm == null || algorithm.tag() != Der.SEQUENCE) {
      throw damaged(source);
    }
    Der.Element oid = algorithm.children().next();
    if (oid == null || oid.tag() != Der.OID) {
      throw damaged(source);
    }
    String algorithmOid = Der.oidToString(oid.value());
    if (!KeyAlgorithms.RSA.equals(algorithmOid)) {
      throw notRsa(source, KeyAlgorithms.name(algorithmOid));
    }
    RSAPrivateCrtKey key;
    RSAPublicKey pub;
    try {
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      PrivateKey k = rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
      if (!(k instanceof RSAPrivateCrtKey crt)) {
        throw new KeyFileException(source, "is an RSA key without CRT parameters, from which the public key cannot be derived", FIX_NEW_KEY);
      }
      key = crt;
      pub = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw damaged(source);
    }
    int bits = key.getModulus().bitLength();
    if (bits < RsaKeyPolicy.MIN_BITS) {
      throw new KeyFileException(
          source,
          "is a " + bits + "-bit RSA key; the Agent API requires at least " + RsaKeyPolicy.MIN_BITS + " bits",
          FIX_NEW_KEY + " and register its public key");
    }
    if (!consistent(key)) {
      throw damaged(source);
    }
    return new AgentPrivateKey(source, format, key, pub);
  }

  /** n = p·q catches keys whose numbers were altered or mixed up. */
  private static boolean consistent(RSAPrivateCrtKey key) {
    BigInteger p = key.getPrimeP();
    BigInteger q = key.getPrimeQ();
    return p != null && q != null && p.multiply(q).equals(key.getModulus());
  }

  private static KeyFileException encrypted(String source) {
    return new KeyFileException(
        source,
        "is encrypted with a passphrase; the agent cannot prompt for one",
        "remove the passphrase with `openssl pkey -in " + source + " -out humanitec_agent_private_key.pem` (it asks for the passphrase once), or " + FIX_NEW_KEY);
  }

  private static KeyFileException notRsa(String source, String algorithm) {
    return new KeyFileException(
        source,
        "is an " + algorithm + " key; the agent needs an RSA key of at least " + RsaKeyPolicy.MIN_BITS + " bits",
        FIX_NEW_KEY);
  }

  private static KeyFileException damaged(String source) {
    return new KeyFileException(source, "is not a readable RSA private key (its contents are damaged or in an unknown format)", FIX_NEW_KEY);
  }
}
