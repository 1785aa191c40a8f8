package io.agentkit.contract.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;

/** Reads a public key: SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}) or PKCS#1 ({@code BEGIN RSA PUBLIC KEY}). */
public final class PublicKeyReader {

  private static final byte[] RSA_ALGORITHM = KeyAlgorithms.RSA_ALGORITHM_IDENTIFIER;

  private PublicKeyReader() {}

  public static RSAPublicKey read(Path file) throws KeyFileException {
    try {
      return parse(Files.readAllBytes(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new KeyFileException(file, "does not exist", "derive it from the private key: `openssl rsa -in humanitec_agent_private_key.pem -pubout -out " + file.getFileName() + "`");
    } catch (IOException e) {
      throw new KeyFileException(file, "cannot be read (" + e.getClass().getSimpleName() + ")", "check the file's permissions");
    }
  }

  public static RSAPublicKey parse(byte[] pem, String source) throws KeyFileException {
    List<Pem.Block> blocks = Pem.parse(pem, source);
    for (Pem.Block b : blocks) {
      if (b.label().equals("PUBLIC KEY")) {
        return fromSpki(b.der(), source);
      }
      if (b.label().equals("RSA PUBLIC KEY")) {
        byte[] bitString = new byte[b.der().length + 1];
        System.arraycopy(b.der(), 0, bitString, 1, b.der().length);
        return fromSpki(Der.encode(Der.SEQUENCE, RSA_ALGORITHM, Der.encode(Der.BIT_STRING, bitString)), source);
      }
      if (b.label().endsWith("PRIVATE KEY")) {
        throw new KeyFileException(source, "holds a private key where the public key was expected", "use humanitec_agent_public_key.pem");
      }
    }
    throw new KeyFileException(source, "contains no '-----BEGIN PUBLIC KEY-----' block", "derive it from the private key: `openssl rsa -in humanitec_agent_private_key.pem -pubout`");
  }

  private static RSAPublicKey fromSpki(byte[] der, String source) throws KeyFileException {
    PublicKey key;
    try {
      key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new KeyFileException(source, "is not an RSA public key (damaged, or another algorithm such as EC)", "use the RSA public key derived from the agent's private key");
    }
    RSAPublicKey rsa = (RSAPublicKey) key;
    int bits = rsa.getModulus().bitLength();
    if (bits < RsaKeyPolicy.MIN_BITS) {
      throw new KeyFileException(source, "is a " + bits + "-bit RSA public key; the Agent API requires at least " + RsaKeyPolicy.MIN_BITS + " bits", "generate a new pair with `" + RsaKeyPolicy.OPENSSL_GENERATE + "`");
    }
    return rsa;
  }
}
