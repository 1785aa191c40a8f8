package io.agentkit.tunnel.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-built frames in, messages and callbacks out; no sockets. */
class WebSocketReaderTest {

  private final List<String> control = new ArrayList<>();

  private WebSocketReader reader(String hex, boolean server, int max) {
    return reader(new ByteArrayInputStream(HexFormat.of().parseHex(hex.replace(" ", ""))), server, max);
  }

  private WebSocketReader reader(InputStream in, boolean server, int max) {
    return new WebSocketReader(in, server, max, new WebSocketReader.ControlFrames() {
      @Override
      public void onPing(byte[] payload) {
        control.add("ping " + HexFormat.of().formatHex(payload));
      }

      @Override
      public void onPong(byte[] payload) {
        control.add("pong " + HexFormat.of().formatHex(payload));
      }
    });
  }

  private static String hex(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return HexFormat.of().formatHex(a);
  }

  @Test
  void unmaskedBinaryMessagesInAllThreeLengthEncodings() throws Exception {
    String big = "ab".repeat(300);
    String huge = "cd".repeat(70_000);
    WebSocketReader r = reader("82 03 010203" + "82 7e 012c " + big + "82 7f 0000000000011170 " + huge, false, 1 << 20);
    assertThat(hex(r.readMessage())).isEqualTo("010203");
    assertThat(hex(r.readMessage())).isEqualTo(big);
    assertThat(hex(r.readMessage())).isEqualTo(huge);
  }

  @Test
  void maskedFramesAreUnmasked() throws Exception {
    // RFC 6455 §5.7: "Hello" masked with 37 fa 21 3d.
    WebSocketReader r = reader("82 85 37fa213d 7f9f4d5158", true, 100);
    assertThat(new String(r.readMessage().array(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("Hello");
  }

  @Test
  void continuationFramesAreJoinedAndControlFramesMayComeBetween() throws Exception {
    WebSocketReader r = reader("02 02 0102" + "89 01 aa" + "00 01 03" + "8a 00" + "80 02 0405" + "82 01 06", false, 100);
    assertThat(hex(r.readMessage())).isEqualTo("0102030405");
    assertThat(control).containsExactly("ping aa", "pong ");
    assertThat(hex(r.readMessage())).isEqualTo("06");
  }

  @Test
  void fragmentationMistakesAreViolations() {
    assertViolation("80 01 01", "continuation frame without a message");
    assertViolation("02 01 01 82 01 02", "new message before the last one's final fragment");
    assertViolation("09 01 01", "fragmented or oversized control frame");
    assertViolation("89 7e 007e" + "00".repeat(126), "fragmented or oversized control frame");
    assertViolation("83 00", "unknown data opcode 0x3");
    assertViolation("8b 00", "unknown control opcode 0xb");
    assertViolation("c2 00", "reserved bits");
  }

  @Test
  void lengthsAreCheckedBeforeAnythingIsAllocated() throws Exception {
    // 0x800000007FFFFFF0: the top bit set; cast to int it would be 2 GiB - 16.
    assertViolation("82 7f 800000007ffffff0", "most significant bit");
    // A length that claims 2 GiB and then trickles: refused from the header alone.
    InputStream trickle = new java.io.SequenceInputStream(
        new ByteArrayInputStream(HexFormat.of().parseHex("827f0000000080000000")), new InputStream() {
          @Override
          public int read() throws IOException {
            throw new AssertionError("read past the header of an oversized frame");
          }
        });
    assertThatThrownBy(() -> reader(trickle, false, 65_536).readMessage()).isInstanceOf(WebSocketException.TooBig.class);
    assertThatThrownBy(() -> reader("82 7f 00000000ffffffff", false, 65_536).readMessage()).isInstanceOf(WebSocketException.TooBig.class);
    // Fragments that add up to more than the limit.
    assertThatThrownBy(() -> reader("02 7e fff0" + "00".repeat(0xfff0) + "80 7e 0100", false, 65_536).readMessage())
        .isInstanceOf(WebSocketException.TooBig.class).hasMessageContaining("more than");
    WebSocketReader r = reader("82 7f 0000000000000003 010203", false, 10);
    assertThat(hex(r.readMessage())).isEqualTo("010203");
    assertThat(r.bufferedCapacity()).isLessThanOrEqualTo(10);
  }

  @Test
  void masksMustMatchTheRole() {
    assertThatThrownBy(() -> reader("82 01 01", true, 10).readMessage()).hasMessageContaining("client frame is not masked");
    assertThatThrownBy(() -> reader("82 81 00000000 01", false, 10).readMessage()).hasMessageContaining("server frame is masked");
  }

  @Test
  void closeFramesEndTheStreamWithTheirCode() {
    assertThatThrownBy(() -> reader("88 04 0fa2 6869", false, 10).readMessage())
        .isInstanceOfSatisfying(WebSocketException.Closed.class, e -> {
          assertThat(e.code()).isEqualTo(4002);
          assertThat(e.getMessage()).isEqualTo("hi");
        });
    assertThatThrownBy(() -> reader("88 00", false, 10).readMessage())
        .isInstanceOfSatisfying(WebSocketException.Closed.class, e -> assertThat(e.code()).isEqualTo(1005));
    assertViolation("88 01 03", "1-byte payload");
    assertViolation("88 02 03ed", "close code 1005 may not be sent");
    assertThatThrownBy(() -> reader("88 03 03e8 ff", false, 10).readMessage())
        .isInstanceOfSatisfying(WebSocketException.Violation.class, e -> assertThat(e.code()).isEqualTo(1007));
    assertThatThrownBy(() -> reader("", false, 10).readMessage())
        .isInstanceOfSatisfying(WebSocketException.Closed.class, e -> assertThat(e.code()).isEqualTo(1006));
    assertThatThrownBy(() -> reader("82 05 0102", false, 10).readMessage()).isInstanceOf(java.io.EOFException.class);
  }

  @Test
  void textMessagesAreRefused() {
    assertThatThrownBy(() -> reader("81 02 6869", false, 10).readMessage()).isInstanceOf(WebSocketException.TextMessage.class);
  }

  private void assertViolation(String hex, String message) {
    assertThatThrownBy(() -> reader(hex, false, 1 << 20).readMessage())
        .isInstanceOfSatisfying(WebSocketException.Violation.class, e -> {
          assertThat(e.code()).isEqualTo(1002);
          assertThat(e.getMessage()).contains(message);
        });
  }
}
