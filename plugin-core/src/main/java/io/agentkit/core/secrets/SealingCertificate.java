package io.agentkit.core.secrets;

import io.agentkit.contract.keys.KeyFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The sealed-secrets controller's certificate, as {@code kubeseal --fetch-cert} prints it: its RSA
 * public key seals the agent's key. An expired certificate is refused, as kubeseal does: the
 * controller has renewed its key and new secrets should be sealed for the new one.
 *
 * @param fingerprint lowercase hex SHA-256 of the certificate's DER, to tell certificates apart
 */
public record SealingCertificate(Path file, RSAPublicKey key, String fingerprint, Instant notAfter) {

  private static final String FIX = "fetch the controller's current certificate with `kubeseal --fetch-cert > sealed-secrets.pem`";

  public static SealingCertificate read(Path file, Instant now) throws KeyFileException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new KeyFileException(file, "does not exist", FIX);
    } catch (IOException e) {
      throw new KeyFileException(file, "cannot be read (" + e.getClass().getSimpleName() + ")", "check the file's permissions");
    }
    X509Certificate cert;
    try {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(bytes));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new KeyFileException(file, "is not a PEM certificate ('-----BEGIN CERTIFICATE-----')", FIX);
    }
    if (!(cert.getPublicKey() instanceof RSAPublicKey rsa)) {
      throw new KeyFileException(file, "holds a " + cert.getPublicKey().getAlgorithm() + " certificate; sealed-secrets seals with RSA", FIX);
    }
    Instant notAfter = cert.getNotAfter().toInstant();
    if (notAfter.isBefore(now)) {
      throw new KeyFileException(file, "expired on " + notAfter + "; the controller seals with a newer key by now", FIX);
    }
    try {
      String fp = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
      return new SealingCertificate(file, rsa, fp, notAfter);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
