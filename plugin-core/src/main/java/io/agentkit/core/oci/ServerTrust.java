package io.agentkit.core.oci;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust managers of a push, which is only ever a TLS client: the three ways the JDK asks about a
 * server's chain arrive at one {@link #checkServer}, and a client's chain is always refused.
 */
abstract class ServerTrust extends X509ExtendedTrustManager {

  /** Exactly one of {@code engine} and {@code socket} is set, or neither (the JDK asks without a connection). */
  abstract void checkServer(X509Certificate[] chain, String authType, SSLEngine engine, Socket socket) throws CertificateException;

  /** Asks {@code trust} the way the JDK asked: with the engine's or the socket's peer host when there is one. */
  static void ask(X509ExtendedTrustManager trust, X509Certificate[] chain, String authType, SSLEngine engine, Socket socket) throws CertificateException {
    if (engine != null) {
      trust.checkServerTrusted(chain, authType, engine);
    } else if (socket != null) {
      trust.checkServerTrusted(chain, authType, socket);
    } else {
      trust.checkServerTrusted(chain, authType);
    }
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    checkServer(chain, authType, engine, null);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    checkServer(chain, authType, null, socket);
  }

  @Override
  public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    checkServer(chain, authType, null, null);
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    throw new CertificateException("a push does not accept clients");
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    throw new CertificateException("a push does not accept clients");
  }

  @Override
  public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a push does not accept clients");
  }

  /** Trusts what either trust manager trusts; both verify the host name (the JDK's trust managers do, for an SSLEngine). */
  static final class Either extends ServerTrust {
    private final X509ExtendedTrustManager first;
    private final X509ExtendedTrustManager second;

    Either(X509ExtendedTrustManager first, X509ExtendedTrustManager second) {
      this.first = first;
      this.second = second;
    }

    @Override
    void checkServer(X509Certificate[] chain, String authType, SSLEngine engine, Socket socket) throws CertificateException {
      try {
        ask(first, chain, authType, engine, socket);
      } catch (CertificateException e) {
        ask(second, chain, authType, engine, socket);
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      List<X509Certificate> all = new ArrayList<>(List.of(first.getAcceptedIssuers()));
      all.addAll(List.of(second.getAcceptedIssuers()));
      return all.toArray(X509Certificate[]::new);
    }
  }

  /**
   * Accepts any certificate from the registry's host (the SSLEngine's peer host, which the push's
   * HTTP client always gives); every other host, and a check without an engine, is verified as usual.
   */
  static final class InsecureForHost extends ServerTrust {
    private final String host;
    private final X509ExtendedTrustManager verified;

    InsecureForHost(String host, X509ExtendedTrustManager verified) {
      this.host = host.toLowerCase(Locale.ROOT);
      this.verified = verified;
    }

    @Override
    void checkServer(X509Certificate[] chain, String authType, SSLEngine engine, Socket socket) throws CertificateException {
      String peer = engine == null || engine.getPeerHost() == null ? "" : engine.getPeerHost().toLowerCase(Locale.ROOT);
      if (!peer.equals(host)) {
        ask(verified, chain, authType, engine, socket);
      }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return verified.getAcceptedIssuers();
    }
  }
}
