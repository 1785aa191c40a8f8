package io.agentkit.contract.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.contract.env.LogLevel;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogTest {

  private static final Instant T = Instant.parse("2030-12-15T14:11:56.057Z");

  @Test
  void linesLookLikeTheGuides() {
    assertThat(Log.format(T, LogLevel.INFO, "websocket connection established", "connectionId", ""))
        .isEqualTo("time=2030-12-15T14:11:56.057Z level=INFO msg=\"websocket connection established\" connectionId=\"\"");
    assertThat(Log.format(T, LogLevel.INFO, "Starting server", "listening to", "wss://agent-01.humanitec.io/tunnel"))
        .isEqualTo("time=2030-12-15T14:11:56.057Z level=INFO msg=\"Starting server\" \"listening to\"=wss://agent-01.humanitec.io/tunnel");
    assertThat(Log.format(T, LogLevel.INFO, "Starting", "app", "agent-client", "version", "1.2.0"))
        .isEqualTo("time=2030-12-15T14:11:56.057Z level=INFO msg=Starting app=agent-client version=1.2.0");
  }

  @Test
  void valuesAreEscapedOntoOneLine() {
    assertThat(Log.format(T, LogLevel.ERROR, "x", "err", "a \"b\"\nc=d"))
        .endsWith("err=\"a \\\"b\\\"\\nc=d\"");
  }
}
