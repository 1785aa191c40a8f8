package io.agentkit.core.oci;

import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An HTTP proxy from the build's settings (Maven's {@code <proxy>}): host, port, optional user, and
 * the {@code nonProxyHosts} patterns ({@code |}-separated, {@code *} wildcards).
 */
public record ProxySettings(String host, int port, String username, String password, String nonProxyHosts) {

  public ProxySelector selector() {
    Proxy proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
    List<Pattern> bypass = nonProxyHosts == null ? List.of()
        : java.util.Arrays.stream(nonProxyHosts.split("[|,]")).map(String::strip).filter(s -> !s.isEmpty())
            .map(s -> Pattern.compile(Pattern.quote(s).replace("*", "\\E.*\\Q"), Pattern.CASE_INSENSITIVE)).toList();
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        String h = uri.getHost();
        return bypass.stream().anyMatch(p -> p.matcher(h).matches()) ? List.of(Proxy.NO_PROXY) : List.of(proxy);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    };
  }

  /** Answers the proxy's challenge only, never a registry's: registries get credentials from the auth flow. */
  public Authenticator authenticator() {
    if (username == null || username.isEmpty()) {
      return null;
    }
    return new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        if (getRequestorType() != RequestorType.PROXY) {
          return null;
        }
        return new PasswordAuthentication(username, password == null ? new char[0] : password.toCharArray());
      }
    };
  }

  @Override
  public String toString() {
    return "proxy " + host + ":" + port + (username == null || username.isEmpty() ? "" : " (user '" + username + "')");
  }
}
