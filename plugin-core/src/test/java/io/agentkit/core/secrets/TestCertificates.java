package io.agentkit.core.secrets;

import io.agentkit.contract.keys.Pem;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates like the sealed-secrets controller's (self-signed RSA, {@code kubeseal --fetch-cert}
 * prints one), made per test run from a key pair the test keeps, so that tests can unseal what was
 * sealed for them.
 */
public final class TestCertificates {

  private TestCertificates() {}

  /** PEM of a self-signed certificate for {@code pair}, valid from an hour ago for {@code validity}. */
  public static String selfSigned(KeyPair pair, Duration validity) {
    try {
      Instant now = Instant.now();
      X500Name name = new X500Name("O=sealed-secret,CN=test controller");
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
          Date.from(now.plus(validity)), name, pair.getPublic());
      X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
      return Pem.encode("CERTIFICATE", holder.getEncoded());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a certificate valid for ten years (as the controller's are) to {@code file}. */
  public static Path write(Path file, KeyPair pair) throws java.io.IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, selfSigned(pair, Duration.ofDays(3650)));
    return file;
  }
}
