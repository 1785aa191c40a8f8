package io.agentkit.tunnel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

  private final RecordingListener recorded = new RecordingListener();
  private final FrameReader reader = new FrameReader(recorded);

  private void read(String hex) throws ProtocolException {
    reader.read(ByteBuffer.wrap(HexFormat.of().parseHex(hex.replace(" ", ""))));
  }

  @Test
  void decodesHandBuiltFramesOfEveryType() throws Exception {
    read("01 00000007 00040000 01bb 09 6c6f63616c686f7374"); // OPEN 7, window 256 KiB, localhost:443
    read("02 00000007 00040000");
    read("03 00000008 02 74696d656f7574"); // OPEN_FAILED 8 timeout "timeout"
    read("04 00000007 6869");
    read("05 00000007 00008000");
    read("06 00000007");
    read("07 00000007 09 6279"); // RESET cancelled "by"
    read("08 00000000");
    read("09 00000000 0000000000000001");
    read("0a 00000000 0000000000000002");
    assertThat(recorded.events).containsExactly(
        "open 7 262144 localhost:443",
        "opened 7 262144",
        "open-failed 8 TIMEOUT timeout",
        "data 7 hi",
        "window 7 32768",
        "close 7",
        "reset 7 CANCELLED by",
        "drain",
        "ping 1",
        "pong 2");
  }

  @Test
  void roundTripsWhatTheWriterEncodes() throws Exception {
    reader.read(FrameWriter.open(-2, 262_144, "db.internal", 5432));
    byte[] payload = "x".repeat(TunnelProtocol.AGENT_DATA_CHUNK).getBytes(StandardCharsets.US_ASCII);
    ByteBuffer data = FrameWriter.data(3, payload, 0, payload.length);
    assertThat(data.remaining()).isEqualTo(65_528);
    reader.read(data);
    reader.read(FrameWriter.reset(3, Reason.FLOW_CONTROL, "é".repeat(600)));
    assertThat(recorded.events.get(0)).isEqualTo("open -2 262144 db.internal:5432");
    assertThat(recorded.events.get(1)).hasSize(5 + 2 + TunnelProtocol.AGENT_DATA_CHUNK);
    // A reason longer than 1,024 bytes is cut on a character boundary and still decodes.
    assertThat(recorded.events.get(2)).isEqualTo("reset 3 FLOW_CONTROL " + "é".repeat(512));
  }

  @Test
  void dataBuiltInPlaceMatchesTheCopyingEncoder() throws Exception {
    ByteBuffer b = FrameWriter.dataBuffer(10);
    b.put("abc".getBytes(StandardCharsets.US_ASCII));
    assertThat(FrameWriter.finishData(b, 5)).isEqualTo(FrameWriter.data(5, "abc".getBytes(StandardCharsets.US_ASCII), 0, 3));
  }

  @Test
  void connectionErrorsCloseWithTheRightCode() {
    assertConnectionError("7f 00000000", 4002, "unknown frame type 0x7f");
    assertConnectionError("04 0000", 4002, "shorter than the 5-byte header");
    assertConnectionError("09 00000003 0000000000000001", 4002, "PING frame on stream 3");
    assertConnectionError("04 00000000 00", 4002, "DATA frame on stream 0");
    assertConnectionError("02 00000001 0004", 4002, "OPENED frame with 2 payload bytes");
    assertConnectionError("03 00000001 01 ff", 4002, "not valid UTF-8");
    assertThatThrownBy(() -> reader.read(ByteBuffer.allocate(TunnelProtocol.MAX_FRAME + 1)))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.closeCode()).isEqualTo(4009));
  }

  @Test
  void streamErrorsNameTheStream() {
    assertThatThrownBy(() -> read("04 00000009"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.isStreamError()).isTrue();
          assertThat(e.streamId()).isEqualTo(9);
        });
    assertThatThrownBy(() -> read("05 00000009 80000000"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FLOW_CONTROL));
  }

  @Test
  void aMalformedOpenRefusesOnlyItsStream() {
    assertOpenError("01 00000001 00040000 01bb 06 6c6f63616c", 1, "host length 6 and 5 bytes left");
    assertOpenError("01 00000002 00040000 01bb 03 610a62", 2, "outside printable ASCII");
    assertOpenError("01 00000003 00040000 0000 01 61", 3, "port 0");
    assertOpenError("01 00000004 80000000 01bb 01 61", 4, "window 2147483648");
    // Too short to know what it is: the connection.
    assertConnectionError("01 00000005 000400", 4002, "needs at least 7");
  }

  private void assertOpenError(String hex, int stream, String message) {
    assertThatThrownBy(() -> read(hex))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.isOpenError()).isTrue();
          assertThat(e.streamId()).isEqualTo(stream);
          assertThat(e.getMessage()).contains(message);
        });
  }

  private void assertConnectionError(String hex, int code, String message) {
    assertThatThrownBy(() -> read(hex))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.isStreamError()).isFalse();
          assertThat(e.closeCode()).isEqualTo(code);
          assertThat(e.getMessage()).contains(message);
        });
  }
}
