package io.agentkit.core.oci;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A registry user and password, with where they came from for messages. {@link #toString()} never
 * shows the password.
 *
 * @param source e.g. "settings.xml server 'ghcr.io'"
 */
public record Credentials(String username, String password, String source) {

  String basicHeader() {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return source + " (user '" + username + "')";
  }
}
