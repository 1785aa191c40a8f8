package io.agentkit.core.oci;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which Bearer token services may receive a registry's credentials: one on the registry's own host
 * (any port), or one whose host the user trusts ({@code trustedAuthRealms}); and never over plain
 * HTTP unless plainHttp is set for the registry. A registry names its token service in its 401
 * challenge, so without this rule any registry, or anyone able to alter its answers, could collect
 * the credentials.
 */
final class AuthRealms {

  private final Origin registry;
  private final Connection connection;

  AuthRealms(Origin registry, Connection connection) {
    this.registry = registry;
    this.connection = connection;
  }

  /** Null when {@code realm} may receive the credentials, else why not. */
  String refusal(URI realm) {
    Origin o = Origin.of(realm);
    if (o.scheme().equals("http") && !connection.plainHttp()) {
      return "it uses plain HTTP, and credentials travel over plain HTTP only with plainHttp=true";
    }
    if (o.host().equals(registry.host()) || trusted(o)) {
      return null;
    }
    return "it is on another host (" + o.host() + ") than the registry, and that host is not in trustedAuthRealms";
  }

  private boolean trusted(Origin o) {
    for (String entry : connection.trustedAuthRealms()) {
      String e = hostPortOf(entry);
      if (e.equals(o.host()) || e.equals(o.host() + ":" + o.port())) {
        return true;
      }
    }
    return false;
  }

  /** {@code auth.docker.io}, {@code auth.example:8443}, or a URL such as {@code https://auth.docker.io/token}: its host[:port]. */
  static String hostPortOf(String entry) {
    String e = entry.strip().toLowerCase(Locale.ROOT).replaceFirst("^[a-z][a-z0-9+.-]*://", "");
    int slash = e.indexOf('/');
    return slash < 0 ? e : e.substring(0, slash);
  }

  static void validate(List<String> entries) throws RegistryException {
    for (String entry : entries) {
      String hp = entry == null ? "" : hostPortOf(entry);
      if (hp.isEmpty() || hp.contains("@") || hp.contains("*")) {
        throw new RegistryException("trustedAuthRealms", "'" + entry + "' is not a host name",
            "list host names of token services, e.g. auth.docker.io (a port is optional; no wildcards)");
      }
    }
  }
}
