package io.agentkit.orchestrator.tunnel;

import io.agentkit.tunnel.signing.HandshakeSignature;
import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code host[:port]} values agents reach this orchestrator's tunnel by, as they sign them in
 * {@code @authority}. A handshake signed for any other authority is refused: it was made for
 * someone else (a relay that an agent was pointed at) and forwarded here.
 */
public final class TunnelAuthority {

  private static final Pattern AUTHORITY = Pattern.compile("(\\[[0-9a-f:.]+\\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:[0-9]{1,5})?");

  private final Set<String> accepted;

  private TunnelAuthority(Set<String> accepted) {
    this.accepted = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(accepted));
  }

  /**
   * The names of the TLS certificate (DNS names and IP addresses, as its subject alternative names
   * list them), each with the tunnel's public port: the default when {@code --tunnel-authority} is
   * not given. Wildcard names are left out: they name no single host.
   */
  public static TunnelAuthority fromCertificateNames(List<String> names, int port) {
    Set<String> s = new LinkedHashSet<>();
    for (String n : names) {
      if (n.startsWith("*")) {
        continue;
      }
      s.add(canonical(HandshakeSignature.authority(n.contains(":") && !n.startsWith("[") ? "[" + n + "]" : n, port)));
    }
    return new TunnelAuthority(s);
  }

  /** Parses {@code --tunnel-authority}: comma-separated {@code host[:port]}, port 443 may be left out. */
  public static TunnelAuthority parse(String value) {
    Set<String> s = new LinkedHashSet<>();
    for (String raw : value.split(",")) {
      String a = HandshakeSignature.authorityFromHostHeader(raw);
      if (a.isEmpty()) {
        continue;
      }
      if (!AUTHORITY.matcher(a).matches()) {
        throw new IllegalArgumentException("--tunnel-authority entry '" + raw.trim() + "' is not host[:port]"
            + " (the host and port agents have in TUNNEL_URL, e.g. tunnel.example.com or tunnel.example.com:9443)");
      }
      s.add(canonical(a));
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("--tunnel-authority names no host[:port]");
    }
    return new TunnelAuthority(s);
  }

  /** Whether a received {@code Host} header names this orchestrator. */
  public boolean accepts(String hostHeader) {
    return hostHeader != null && accepted.contains(canonical(HandshakeSignature.authorityFromHostHeader(hostHeader)));
  }

  /** IPv6 literals in one spelling ({@code [::1]} and {@code [0:0:0:0:0:0:0:1]} are one host). */
  static String canonical(String authority) {
    int close = authority.indexOf(']');
    if (!authority.startsWith("[") || close < 0) {
      return authority;
    }
    try {
      return "[" + InetAddress.ofLiteral(authority.substring(1, close)).getHostAddress() + "]" + authority.substring(close + 1);
    } catch (IllegalArgumentException e) {
      return authority;
    }
  }

  public boolean isEmpty() {
    return accepted.isEmpty();
  }

  @Override
  public String toString() {
    return String.join(",", accepted);
  }
}
