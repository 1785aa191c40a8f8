package io.agentkit.orchestrator.tls;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.contract.keys.Pem;
import io.agentkit.contract.log.Log;
import io.agentkit.orchestrator.store.DataFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The orchestrator's TLS identity: a provided PEM certificate chain and PKCS#8 key, or a self-signed
 * one created once in the data directory (agents trust it with {@code TUNNEL_CA_BUNDLE}).
 */
public final class TlsMaterial {

  private TlsMaterial() {}

  public static SSLContext load(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
    List<Certificate> chain = new ArrayList<>(CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile))));
    if (chain.isEmpty()) {
      throw new IOException(certFile + " holds no certificate");
    }
    PrivateKey key = readKey(keyFile, ((X509Certificate) chain.get(0)).getPublicKey().getAlgorithm());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] pass = new char[0];
    ks.setKeyEntry("tls", key, pass, chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pass);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  /** Creates {@code cert.pem}/{@code key.pem} under {@code dir} unless they exist. */
  public static void ensureSelfSigned(Path dir, List<String> dnsNames) throws IOException, GeneralSecurityException {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    if (Files.exists(cert) && Files.exists(key)) {
      return;
    }
    if (Files.exists(key) || Files.exists(cert)) {
      throw new IOException(dir + " holds only one of cert.pem and key.pem: move it away to create a new self-signed pair,"
          + " or pass --tls-cert and --tls-key");
    }
    DataFiles.privateDirectory(dir);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=agent-kit orchestrator (self-signed)");
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
        Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(825, ChronoUnit.DAYS)), name, pair.getPublic());
    List<GeneralName> sans = new ArrayList<>();
    for (String dns : dnsNames) {
      sans.add(new GeneralName(GeneralName.dNSName, dns));
    }
    sans.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    sans.add(new GeneralName(GeneralName.iPAddress, "::1"));
    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
    // A CA certificate too, so agents can use this very file as their TUNNEL_CA_BUNDLE.
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    X509Certificate x509;
    try {
      x509 = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign the self-signed certificate", e);
    }
    // Key first: a certificate without its key is useless, a key is never overwritten.
    DataFiles.createNew(key, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII));
    DataFiles.createNew(cert, Pem.encode("CERTIFICATE", x509.getEncoded()).getBytes(StandardCharsets.US_ASCII));
    Log.info("Created a self-signed TLS certificate", "cert", cert, "names", String.join(",", dnsNames) + ",127.0.0.1,::1");
  }

  /**
   * The names the leaf certificate of {@code certFile} is valid for: its DNS and IP subject
   * alternative names, as clients put them in {@code Host} (IPv6 in brackets).
   */
  public static List<String> names(Path certFile) throws IOException, GeneralSecurityException {
    X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certFile)));
    List<String> names = new ArrayList<>();
    if (leaf.getSubjectAlternativeNames() != null) {
      for (List<?> san : leaf.getSubjectAlternativeNames()) {
        int type = (Integer) san.get(0);
        String value = String.valueOf(san.get(1)).toLowerCase(java.util.Locale.ROOT);
        if (type == GeneralName.dNSName) {
          names.add(value);
        } else if (type == GeneralName.iPAddress) {
          names.add(value.contains(":") ? "[" + value + "]" : value);
        }
      }
    }
    return names;
  }

  private static PrivateKey readKey(Path file, String algorithm) throws IOException, GeneralSecurityException {
    try {
      for (Pem.Block b : Pem.parse(Files.readAllBytes(file), file.toString())) {
        if (b.label().equals("PRIVATE KEY")) {
          return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(b.der()));
        }
      }
    } catch (KeyFileException e) {
      throw new IOException(e.getMessage());
    }
    throw new IOException(file + " holds no '-----BEGIN PRIVATE KEY-----' (PKCS#8) block; convert with `openssl pkcs8 -topk8 -nocrypt`");
  }
}
