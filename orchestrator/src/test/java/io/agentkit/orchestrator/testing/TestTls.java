package io.agentkit.orchestrator.testing;

import io.agentkit.orchestrator.tls.TlsMaterial;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A self-signed server identity in a temporary directory, and a client context trusting it. */
public record TestTls(SSLContext server, SSLContext client) {

  public static TestTls create(Path dir) throws Exception {
    TlsMaterial.ensureSelfSigned(dir, List.of("localhost"));
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("orchestrator", CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("cert.pem")))));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
    return new TestTls(TlsMaterial.load(dir.resolve("cert.pem"), dir.resolve("key.pem")), client);
  }
}
