package io.agentkit.it.tunnel.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.tunnel.ws.WebSocketConnection;
import io.agentkit.tunnel.ws.WebSocketException;
import java.util.HexFormat;

/** What the hostile-peer tests forge and expect on a raw WebSocket. */
public final class WebSocketAssertions {

  private WebSocketAssertions() {}

  /** Reads (and drops) messages until the peer closes; the close must carry {@code code}. */
  public static void assertClosedWith(WebSocketConnection ws, int code) {
    assertThatThrownBy(() -> {
      while (true) {
        ws.readMessage();
      }
    }).isInstanceOfSatisfying(WebSocketException.Closed.class, e -> assertThat(e.code()).as("close code").isEqualTo(code));
  }

  /** Bytes written as hex, spaces allowed between them: {@code "82 7f 800000007ffffff0"}. */
  public static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }
}
