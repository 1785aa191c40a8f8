package io.agentkit.agent.config;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.tunnel.ws.WebSocketClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The egress proxy for the tunnel from {@code HTTPS_PROXY}/{@code NO_PROXY} (either case, upper
 * first, as curl reads them). Credentials in the proxy URL are used for Basic authentication.
 */
public record ProxyConfig(InetSocketAddress address, String user, String password, List<String> noProxy) {

  public static ProxyConfig fromEnv(Map<String, String> env) throws ConfigException {
    String name = AgentEnv.HTTPS_PROXY;
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      name = name.toLowerCase(Locale.ROOT);
      value = env.get(name);
    }
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.trim().contains("://") ? value.trim() : "http://" + value.trim();
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw invalid(name, value);
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw invalid(name, value);
    }
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String user = null;
    String password = null;
    if (uri.getUserInfo() != null) {
      int colon = uri.getUserInfo().indexOf(':');
      user = colon < 0 ? uri.getUserInfo() : uri.getUserInfo().substring(0, colon);
      password = colon < 0 ? "" : uri.getUserInfo().substring(colon + 1);
    }
    String no = env.getOrDefault(AgentEnv.NO_PROXY, env.getOrDefault(AgentEnv.NO_PROXY.toLowerCase(Locale.ROOT), ""));
    List<String> noProxy = new ArrayList<>();
    for (String n : no.split(",")) {
      if (!n.isBlank()) {
        noProxy.add(n.trim().toLowerCase(Locale.ROOT));
      }
    }
    return new ProxyConfig(InetSocketAddress.createUnresolved(uri.getHost(), port), user, password, List.copyOf(noProxy));
  }

  /** curl's rules: {@code *} matches all, an entry matches the host and its subdomains. */
  public boolean bypasses(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String n : noProxy) {
      String d = n.startsWith(".") ? n.substring(1) : n;
      if (n.equals("*") || h.equals(d) || h.endsWith("." + d)) {
        return true;
      }
    }
    return false;
  }

  /** How to reach {@code host}: through this proxy, or null when NO_PROXY says directly. */
  public WebSocketClient.Proxy route(String host) {
    if (bypasses(host)) {
      return null;
    }
    String auth = user == null ? null
        : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new WebSocketClient.Proxy(address.getHostString(), address.getPort(), auth);
  }

  @Override
  public String toString() {
    // Never print the password.
    return "http://" + (user != null ? user + ":***@" : "") + address.getHostString() + ":" + address.getPort();
  }

  private static ConfigException invalid(String name, String value) {
    return new ConfigException(name, "is not an http://[user:password@]host:port proxy URL",
        "set it like http://proxy.internal:3128 (the tunnel is wss and goes through the proxy with CONNECT)");
  }
}
