package io.agentkit.core.oci;

import java.net.URI;
import java.util.Locale;

/**
 * Scheme, host and port of a URI, as browsers and Go's HTTP client compare them: credentials earned
 * from a registry are only attached to requests to the registry's own origin.
 */
record Origin(String scheme, String host, int port) {

  static Origin of(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
    return new Origin(scheme, host, port);
  }

  /** The host without IPv6 brackets, as TLS and name resolution want it. */
  String bareHost() {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  @Override
  public String toString() {
    return scheme + "://" + host + ":" + port;
  }
}
