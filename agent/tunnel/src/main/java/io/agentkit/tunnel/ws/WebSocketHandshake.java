package io.agentkit.tunnel.ws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/** RFC 6455 §4.2 checks of an upgrade request and the accept key of the answer. */
public final class WebSocketHandshake {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private WebSocketHandshake() {}

  /** Null when {@code head} is a valid WebSocket upgrade, else what is wrong. */
  public static String problem(HttpHead head) {
    if (!"GET".equals(head.method())) {
      return "method " + head.method() + " instead of GET";
    }
    String upgrade = head.header("upgrade");
    String connection = head.header("connection");
    if (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains("websocket")
        || connection == null || !connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
      return "not a WebSocket upgrade";
    }
    if (!"13".equals(head.header("sec-websocket-version"))) {
      return "Sec-WebSocket-Version must be 13";
    }
    if (head.header("sec-websocket-key") == null) {
      return "Sec-WebSocket-Key missing";
    }
    return null;
  }

  public static String accept(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
