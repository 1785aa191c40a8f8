package io.agentkit.agent.config;

import io.agentkit.contract.env.AgentEnv;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS trust for the tunnel: the JVM's default, or only the CAs of {@link AgentEnv#TUNNEL_CA_BUNDLE}. */
public final class TrustConfig {

  private TrustConfig() {}

  /** Certificates in a PEM bundle; at least one. */
  public static Collection<? extends Certificate> load(Path bundle) throws ConfigException {
    String fix = "point it at a PEM file of CA certificates (-----BEGIN CERTIFICATE-----), or unset it to trust the JVM's default CAs";
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(bundle);
    } catch (NoSuchFileException e) {
      throw new ConfigException(AgentEnv.TUNNEL_CA_BUNDLE, "= " + bundle + " does not exist", fix);
    } catch (IOException e) {
      throw new ConfigException(AgentEnv.TUNNEL_CA_BUNDLE, "= " + bundle + " cannot be read (" + e.getClass().getSimpleName() + ")", fix);
    }
    try {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
      if (certs.isEmpty()) {
        throw new ConfigException(AgentEnv.TUNNEL_CA_BUNDLE, "= " + bundle + " holds no certificate", fix);
      }
      return certs;
    } catch (GeneralSecurityException e) {
      throw new ConfigException(AgentEnv.TUNNEL_CA_BUNDLE, "= " + bundle + " is not a PEM certificate bundle", fix);
    }
  }

  public static SSLContext sslContext(Path bundle) throws ConfigException {
    try {
      if (bundle == null) {
        return SSLContext.getDefault();
      }
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : load(bundle)) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
    }
  }
}
