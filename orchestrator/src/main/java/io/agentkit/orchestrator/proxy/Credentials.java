package io.agentkit.orchestrator.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code Proxy-Authorization: Basic} credentials: user {@code <org>/<agent-id>}, password a proxy token. */
record Credentials(String org, String agent, String password) {

  /** Null when the header is missing or not Basic credentials of that shape. */
  static Credentials parse(String header) {
    if (header == null || header.length() > 1024 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    int slash = decoded.indexOf('/');
    if (colon < 0 || slash <= 0 || slash > colon || slash == colon - 1) {
      return null;
    }
    return new Credentials(decoded.substring(0, slash), decoded.substring(slash + 1, colon), decoded.substring(colon + 1));
  }
}
