package io.agentkit.core.api;

import io.agentkit.core.oci.ProxySettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where the Agent API is and how it is reached: an {@code https} base URL (plain {@code http} only
 * for a loopback test server, and only when allowed explicitly), the CAs to trust, and the proxy.
 */
public final class ApiEndpoint {

  /** Humanitec's public Agent API. */
  public static final String DEFAULT_URL = "https://api.humanitec.io";

  static final String URL_SETTING = "apiUrl";
  static final String CA_SETTING = "apiCaFile";
  static final String LOOPBACK_SETTING = "allowInsecureLoopback";

  private final URI base;
  private final SSLContext tls;
  private final ProxySettings proxy;

  private ApiEndpoint(URI base, SSLContext tls, ProxySettings proxy) {
    this.base = base;
    this.tls = tls;
    this.proxy = proxy;
  }

  /**
   * @param url base URL, e.g. {@code https://api.humanitec.io}; null for the default
   * @param caFile PEM CA certificates to trust instead of the JVM's, or null
   * @param allowInsecureLoopback accept {@code http://} when the host is a loopback address
   * @param proxy the build's proxy, or null; never used for loopback hosts
   */
  public static ApiEndpoint of(String url, Path caFile, boolean allowInsecureLoopback, ProxySettings proxy) throws AgentApiException {
    URI base = parse(url == null || url.isBlank() ? DEFAULT_URL : url.strip());
    boolean loopback = isLoopback(base.getHost());
    if (base.getScheme().equals("http") && !(allowInsecureLoopback && loopback)) {
      throw AgentApiException.config(URL_SETTING, "'" + base + "' is plain http: the token would cross the network unencrypted",
          loopback ? "use https, or allow plain http to this loopback test server with -Dhumanitec-agent." + LOOPBACK_SETTING
              : "use the https:// address of the Agent API (plain http is only ever allowed for a loopback test server)");
    }
    return new ApiEndpoint(base, caFile == null ? null : trusting(caFile), loopback ? null : proxy);
  }

  private static URI parse(String url) throws AgentApiException {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw AgentApiException.config(URL_SETTING, "'" + url + "' is not a URL", "use e.g. " + DEFAULT_URL);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
      throw AgentApiException.config(URL_SETTING, "'" + url + "' is not an https:// URL with a host", "use e.g. " + DEFAULT_URL);
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw AgentApiException.config(URL_SETTING, "'" + uri.getScheme() + "://" + uri.getHost() + "...' carries user info, a query or a fragment",
          "give only scheme, host, port and path; the token comes from settings.xml or HUMANITEC_TOKEN");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    try {
      return new URI(scheme + "://" + uri.getRawAuthority() + path);
    } catch (URISyntaxException e) {
      throw AgentApiException.config(URL_SETTING, "'" + url + "' is not a URL", "use e.g. " + DEFAULT_URL);
    }
  }

  /** Whether {@code url} names this machine (so it needs no network), as {@link #isLoopback} judges its host. */
  public static boolean isLoopbackUrl(String url) {
    try {
      String host = url == null ? null : new URI(url.strip()).getHost();
      return host != null && isLoopback(host);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Literal loopback addresses and {@code localhost}; no DNS lookup decides this. */
  static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  private static SSLContext trusting(Path caFile) throws AgentApiException {
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(caFile)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (NoSuchFileException e) {
      throw AgentApiException.config(CA_SETTING, caFile + " does not exist", "point it at the PEM file of the CA that signed the Agent API's certificate");
    } catch (IOException | GeneralSecurityException e) {
      throw AgentApiException.config(CA_SETTING, caFile + " cannot be read as PEM certificates (" + e.getClass().getSimpleName() + ")",
          "give a file of '-----BEGIN CERTIFICATE-----' blocks");
    }
    if (certs.isEmpty()) {
      throw AgentApiException.config(CA_SETTING, caFile + " contains no certificate", "give a file of '-----BEGIN CERTIFICATE-----' blocks");
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("the JVM cannot build a trust store", e);
    }
  }

  /**
   * A client that never follows redirects (the JDK would carry the Authorization header to the new
   * host) and speaks HTTP/1.1, as every Agent API deployment does.
   */
  HttpClient client() {
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER);
    if (tls != null) {
      b.sslContext(tls);
    }
    if (proxy != null) {
      b.proxy(proxy.selector());
      if (proxy.authenticator() != null) {
        b.authenticator(proxy.authenticator());
      }
    }
    return b.build();
  }

  /** The base URL joined with an API path such as {@code /orgs/o/agents}. */
  URI resolve(String path) {
    return URI.create(base + path);
  }

  public URI base() {
    return base;
  }

  /** The proxy requests go through, or null. */
  public ProxySettings proxy() {
    return proxy;
  }

  @Override
  public String toString() {
    return base.toString();
  }
}
