package io.agentkit.orchestrator.proxy;

/** A CONNECT request's {@code host:port} (IPv6 hosts in brackets, as RFC 9110 writes them). */
record Target(String host, int port) {

  /** Null when {@code target} is not host:port with a port in 1..65535 and a host of at most 255 characters. */
  static Target parse(String target) {
    int colon = target.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    String host = target.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":") || host.contains("[") || host.contains("]")) {
      return null;
    }
    int port;
    try {
      port = Integer.parseInt(target.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
    if (host.isEmpty() || host.length() > 255 || port < 1 || port > 65535 || !host.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return null;
    }
    return new Target(host, port);
  }
}
