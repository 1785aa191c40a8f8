package io.agentkit.tunnel.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.ws.WebSocketException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The one mapping both ends use from what ended a connection to its close code. */
class CloseCauseTest {

  @Test
  void peerViolationsGetTheirCodesAndAreSentAndLogged() {
    assertThat(CloseCause.of(new WebSocketException.Violation(1002, "reserved bits"))).isEqualTo(
        new CloseCause(1002, "reserved bits", CloseCause.Kind.PEER_VIOLATION));
    assertThat(CloseCause.of(new WebSocketException.TooBig("big")).code()).isEqualTo(4009);
    assertThat(CloseCause.of(new WebSocketException.TextMessage()).code()).isEqualTo(4002);
    assertThat(CloseCause.of(ProtocolException.connection("unknown frame type 0x7f")).code()).isEqualTo(4002);
    assertThat(CloseCause.of(ProtocolException.tooBig("frame too big")).code()).isEqualTo(4009);
    assertThat(CloseCause.of(ProtocolException.connection("x")).sendsClose()).isTrue();
    assertThat(CloseCause.Kind.PEER_VIOLATION.level()).isNotNull();
  }

  @Test
  void aPeersCloseIsAnsweredNotResentAndALostConnectionSendsNothing() {
    CloseCause closed = CloseCause.of(new WebSocketException.Closed(4000, "replaced"));
    assertThat(closed.kind()).isEqualTo(CloseCause.Kind.PEER_CLOSED);
    assertThat(closed.code()).isEqualTo(4000);
    assertThat(closed.sendsClose()).isFalse();
    assertThat(CloseCause.of(new WebSocketException.Closed(1006, "eof")).kind()).isEqualTo(CloseCause.Kind.LOST);
    assertThat(CloseCause.of(new IOException("Connection reset")).sendsClose()).isFalse();
  }

  @Test
  void anythingElseIsAnInternalErrorThatClosesOnlyThisConnection() {
    CloseCause bug = CloseCause.of(new IllegalStateException("boom"));
    assertThat(bug.code()).isEqualTo(1011);
    assertThat(bug.kind()).isEqualTo(CloseCause.Kind.INTERNAL);
    assertThat(bug.sendsClose()).isTrue();
    assertThat(CloseCause.of(new StackOverflowError()).code()).isEqualTo(1011);
  }
}
