package io.agentkit.core.oci;

import io.agentkit.core.BuildLog;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The SSLContext of one push. The JVM's trust store always applies; {@code caFile} adds CAs for
 * this push only (the JVM's trust store is not changed), and {@code insecure} stops verifying the
 * certificate of the registry's own host, and of no other host (a token service or blob storage
 * elsewhere is still verified).
 */
final class TlsContexts {

  private TlsContexts() {}

  /**
   * @param host the registry's host, without port or brackets
   */
  static SSLContext create(String host, TlsOptions options, BuildLog log) throws RegistryException {
    try {
      X509ExtendedTrustManager jvm = trustManager(null);
      X509ExtendedTrustManager trust = jvm;
      if (options.caFile() != null) {
        trust = new ServerTrust.Either(trustManager(caStore(options)), jvm);
      }
      if (options.insecure()) {
        checkInsecureAllowed(host, options);
        log.warn("*** TLS certificate verification is OFF for " + host + " (insecure=true). Anyone on the network path can read the credentials and "
            + "replace the chart. Only ever use this for a test registry. ***");
        trust = new ServerTrust.InsecureForHost(host, trust);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM cannot set up TLS: " + e, e);
    }
  }

  private static void checkInsecureAllowed(String host, TlsOptions options) throws RegistryException {
    if (options.forceInsecure()) {
      return;
    }
    boolean loopback;
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      loopback = addresses.length > 0 && List.of(addresses).stream().allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      loopback = false;
    }
    if (!loopback) {
      throw new RegistryException("insecure", "skipping TLS verification is only allowed for a registry on this machine (a loopback address), and "
          + host + " is not one", "trust the registry's CA with caFile instead; if you must, add forceInsecure=true (-Dhumanitec-agent.forceInsecure)");
    }
  }

  private static KeyStore caStore(TlsOptions options) throws RegistryException, GeneralSecurityException {
    if (!Files.isRegularFile(options.caFile())) {
      throw new RegistryException("caFile", options.caFile() + " does not exist", "point caFile at the PEM file of the registry's CA certificate(s)");
    }
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(options.caFile())) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | CertificateException e) {
      throw new RegistryException("caFile", options.caFile() + " holds no readable PEM certificate (" + e.getMessage() + ")",
          "use a file of -----BEGIN CERTIFICATE----- blocks, e.g. the registry CA's ca.crt");
    }
    if (certificates.isEmpty()) {
      throw new RegistryException("caFile", options.caFile() + " holds no certificate", "use a file of -----BEGIN CERTIFICATE----- blocks");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    int i = 0;
    for (Certificate c : certificates) {
      store.setCertificateEntry("ca-" + i++, c);
    }
    return store;
  }

  private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509ExtendedTrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("no X509ExtendedTrustManager");
  }
}
