package io.agentkit.tunnel.ws;

import static io.agentkit.tunnel.ws.WebSocketProtocol.B0_FIN;
import static io.agentkit.tunnel.ws.WebSocketProtocol.B1_MASK;
import static io.agentkit.tunnel.ws.WebSocketProtocol.LENGTH_16;
import static io.agentkit.tunnel.ws.WebSocketProtocol.LENGTH_64;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Writes RFC 6455 frames to a stream, each frame in one write so a full DATA frame fills whole TLS
 * records. The client role masks every frame with a fresh key (RFC 6455 §5.3 wants unpredictable
 * keys; they come from a 4 KiB pool of the given random source, which keeps SecureRandom off the
 * hot path). Not thread safe: the owner serialises writers.
 */
public final class WebSocketWriter {

  private final OutputStream out;
  private final boolean mask;
  private final Random random;
  private final byte[] keyPool = new byte[4096];
  private int keyPos = keyPool.length;
  private final byte[] key = new byte[4];

  /** @param mask true in the client role */
  public WebSocketWriter(OutputStream out, boolean mask, Random random) {
    this.out = out;
    this.mask = mask;
    this.random = random;
  }

  /**
   * One binary message of the buffer's remaining bytes (heap buffers only). When the array has
   * {@link WebSocketProtocol#MAX_HEADER} bytes of room in front of the payload (see
   * {@code FrameWriter#dataBuffer}), the frame is assembled and masked in place: the buffer belongs
   * to the writer from here on.
   */
  public void writeBinary(ByteBuffer payload) throws IOException {
    int len = payload.remaining();
    int start = payload.arrayOffset() + payload.position();
    int header = WebSocketProtocol.headerSize(len, mask);
    if (start < header) {
      writeFrame(WebSocketProtocol.OP_BINARY, payload.array(), start, len);
      return;
    }
    byte[] a = payload.array();
    int h = start - header;
    putHeader(a, h, WebSocketProtocol.OP_BINARY, len);
    maskPayload(a, start, len);
    out.write(a, h, header + len);
    out.flush();
  }

  /** Any frame, copying the payload; for control frames, text, and tests that play a misbehaving peer. */
  public void writeFrame(int opcode, byte[] payload, int offset, int len) throws IOException {
    int header = WebSocketProtocol.headerSize(len, mask);
    byte[] frame = new byte[header + len];
    System.arraycopy(payload, offset, frame, header, len);
    putHeader(frame, 0, opcode, len);
    maskPayload(frame, header, len);
    out.write(frame);
    out.flush();
  }

  public void writePing(byte[] payload) throws IOException {
    writeFrame(WebSocketProtocol.OP_PING, payload, 0, payload.length);
  }

  public void writePong(byte[] payload) throws IOException {
    writeFrame(WebSocketProtocol.OP_PONG, payload, 0, payload.length);
  }

  /** A close frame; the reason is cut to fit the 125-byte control payload on a character boundary. */
  public void writeClose(int code, String reason) throws IOException {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(r.length, WebSocketProtocol.MAX_CONTROL_PAYLOAD - 2);
    while (n > 0 && n < r.length && (r[n] & 0xc0) == 0x80) {
      n--;
    }
    byte[] payload = new byte[2 + n];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(r, 0, payload, 2, n);
    writeFrame(WebSocketProtocol.OP_CLOSE, payload, 0, payload.length);
  }

  /** Writes the header at {@code at}; the masking key, if any, is its last four bytes. */
  private void putHeader(byte[] a, int at, int opcode, int len) {
    a[at] = (byte) (B0_FIN | opcode);
    int m = mask ? B1_MASK : 0;
    int keyAt;
    if (len < LENGTH_16) {
      a[at + 1] = (byte) (m | len);
      keyAt = at + 2;
    } else if (len <= 0xffff) {
      a[at + 1] = (byte) (m | LENGTH_16);
      a[at + 2] = (byte) (len >> 8);
      a[at + 3] = (byte) len;
      keyAt = at + 4;
    } else {
      a[at + 1] = (byte) (m | LENGTH_64);
      ByteBuffer.wrap(a, at + 2, 8).putLong(len);
      keyAt = at + 10;
    }
    if (mask) {
      nextKey();
      System.arraycopy(key, 0, a, keyAt, 4);
    }
  }

  private void maskPayload(byte[] a, int from, int len) {
    if (mask) {
      Masking.apply(a, from, len, key);
    }
  }

  private void nextKey() {
    if (keyPos == keyPool.length) {
      random.nextBytes(keyPool);
      keyPos = 0;
    }
    System.arraycopy(keyPool, keyPos, key, 0, 4);
    keyPos += 4;
  }
}
