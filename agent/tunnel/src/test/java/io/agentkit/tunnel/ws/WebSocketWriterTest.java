package io.agentkit.tunnel.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.tunnel.protocol.FrameWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Frames out as bytes, and read back by the reader of the other role; no sockets. */
class WebSocketWriterTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private String written() {
    return HexFormat.of().formatHex(out.toByteArray());
  }

  @Test
  void serverFramesAreUnmaskedWithTheShortestLength() throws Exception {
    WebSocketWriter w = new WebSocketWriter(out, false, new Random(1));
    w.writeFrame(WebSocketProtocol.OP_BINARY, new byte[] {1, 2}, 0, 2);
    w.writePong(new byte[] {9});
    w.writeClose(1000, "");
    assertThat(written()).isEqualTo("82020102" + "8a0109" + "880203e8");
    out.reset();
    w.writeFrame(WebSocketProtocol.OP_BINARY, new byte[126], 0, 126);
    assertThat(written()).startsWith("827e007e");
    out.reset();
    w.writeFrame(WebSocketProtocol.OP_BINARY, new byte[65_536], 0, 65_536);
    assertThat(written()).startsWith("827f0000000000010000");
  }

  @Test
  void clientFramesCarryAKeyAndReadBackIntact() throws Exception {
    WebSocketWriter w = new WebSocketWriter(out, true, new Random(7));
    byte[] payload = new byte[65_000];
    new Random(3).nextBytes(payload);
    ByteBuffer inPlace = FrameWriter.dataBuffer(payload.length).put(payload);
    w.writeBinary(FrameWriter.finishData(inPlace, 5));
    w.writeFrame(WebSocketProtocol.OP_BINARY, new byte[] {1, 2, 3}, 0, 3);
    byte[] bytes = out.toByteArray();
    assertThat(bytes[1] & 0x80).as("mask bit").isEqualTo(0x80);
    WebSocketReader r = new WebSocketReader(new ByteArrayInputStream(bytes), true, 1 << 20, null);
    assertThat(r.readMessage()).isEqualTo(FrameWriter.data(5, payload, 0, payload.length));
    assertThat(r.readMessage()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
  }

  @Test
  void closeReasonsAreCutOnACharacterBoundary() throws Exception {
    new WebSocketWriter(out, false, new Random(1)).writeClose(4002, "é".repeat(100));
    byte[] b = out.toByteArray();
    assertThat(b[1]).isEqualTo((byte) 124);
    assertThat(new String(b, 4, b.length - 4, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("é".repeat(61));
  }
}
