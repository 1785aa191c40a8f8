package io.agentkit.tunnel.ws;

import static io.agentkit.tunnel.ws.WebSocketProtocol.B0_FIN;
import static io.agentkit.tunnel.ws.WebSocketProtocol.B0_OPCODE;
import static io.agentkit.tunnel.ws.WebSocketProtocol.B0_RESERVED;
import static io.agentkit.tunnel.ws.WebSocketProtocol.B1_LENGTH;
import static io.agentkit.tunnel.ws.WebSocketProtocol.B1_MASK;
import static io.agentkit.tunnel.ws.WebSocketProtocol.LENGTH_16;
import static io.agentkit.tunnel.ws.WebSocketProtocol.LENGTH_64;
import static io.agentkit.tunnel.ws.WebSocketProtocol.OP_BINARY;
import static io.agentkit.tunnel.ws.WebSocketProtocol.OP_CLOSE;
import static io.agentkit.tunnel.ws.WebSocketProtocol.OP_CONTINUATION;
import static io.agentkit.tunnel.ws.WebSocketProtocol.OP_PING;
import static io.agentkit.tunnel.ws.WebSocketProtocol.OP_PONG;
import static io.agentkit.tunnel.ws.WebSocketProtocol.OP_TEXT;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads RFC 6455 frames from a stream and returns whole binary messages; control frames go to a
 * {@link ControlFrames} callback as they arrive, also between the fragments of a message.
 *
 * <p>Every length is checked before anything is allocated for it: a 64-bit length with its top bit
 * set, or one above the message limit (alone or added to the fragments so far), ends the read
 * with an exception and no allocation. The message buffer is one array per reader, grown up to
 * the limit and reused: a returned message is valid until the next call. Not thread safe; one
 * reader per connection, used by its receiving thread.
 */
public final class WebSocketReader {

  /** Control frames, reported as they are read. */
  public interface ControlFrames {
    void onPing(byte[] payload) throws IOException;

    void onPong(byte[] payload);
  }

  private static final int INITIAL_BUFFER = 8 * 1024;

  private final InputStream in;
  private final boolean expectMasked;
  private final int maxMessage;
  private final ControlFrames control;
  private final byte[] maskKey = new byte[4];
  private byte[] message = new byte[0];

  /**
   * @param expectMasked true on the server's side: client frames must be masked, and server frames
   *     must not be
   */
  public WebSocketReader(InputStream in, boolean expectMasked, int maxMessage, ControlFrames control) {
    this.in = in;
    this.expectMasked = expectMasked;
    this.maxMessage = maxMessage;
    this.control = control;
  }

  /**
   * The next binary message (position 0, limit its length) in this reader's buffer, valid until the
   * next call. A close frame from the peer ends with {@link WebSocketException.Closed} carrying its
   * code; the end of the stream without one with code 1006.
   */
  public ByteBuffer readMessage() throws IOException {
    int length = 0;
    boolean inMessage = false;
    while (true) {
      int b0 = in.read();
      if (b0 < 0) {
        throw new WebSocketException.Closed(WebSocketProtocol.CLOSE_ABNORMAL, "connection closed without a close frame");
      }
      int b1 = readByte();
      boolean fin = (b0 & B0_FIN) != 0;
      int opcode = b0 & B0_OPCODE;
      if ((b0 & B0_RESERVED) != 0) {
        throw violation("reserved bits set without a negotiated extension");
      }
      boolean masked = (b1 & B1_MASK) != 0;
      if (masked != expectMasked) {
        throw violation(expectMasked ? "client frame is not masked" : "server frame is masked");
      }
      long len = payloadLength(b1 & B1_LENGTH);
      if (masked) {
        readFully(maskKey, 0, 4);
      }
      if (opcode >= OP_CLOSE) {
        if (!fin || len > WebSocketProtocol.MAX_CONTROL_PAYLOAD) {
          throw violation("fragmented or oversized control frame (" + len + " bytes)");
        }
        byte[] payload = new byte[(int) len];
        readPayload(payload, 0, payload.length, masked);
        switch (opcode) {
          case OP_PING -> control.onPing(payload);
          case OP_PONG -> control.onPong(payload);
          case OP_CLOSE -> throw closed(payload);
          default -> throw violation("unknown control opcode 0x" + Integer.toHexString(opcode));
        }
        continue;
      }
      if (opcode == OP_TEXT && !inMessage) {
        throw new WebSocketException.TextMessage();
      }
      if (opcode == OP_BINARY && inMessage) {
        throw violation("new message before the last one's final fragment");
      }
      if (opcode == OP_CONTINUATION && !inMessage) {
        throw violation("continuation frame without a message to continue");
      }
      if (opcode != OP_BINARY && opcode != OP_CONTINUATION) {
        throw violation("unknown data opcode 0x" + Integer.toHexString(opcode));
      }
      if (len > maxMessage - length) {
        throw new WebSocketException.TooBig("message of " + (inMessage ? "more than " + (length + len) : len)
            + " bytes exceeds the limit of " + maxMessage);
      }
      int n = (int) len;
      ensureCapacity(length + n);
      readPayload(message, length, n, masked);
      length += n;
      inMessage = true;
      if (fin) {
        return ByteBuffer.wrap(message, 0, length).slice();
      }
    }
  }

  /** Bytes held by this reader's message buffer: what it costs its connection. */
  public int bufferedCapacity() {
    return message.length;
  }

  private long payloadLength(int len7) throws IOException {
    if (len7 == LENGTH_16) {
      return ((long) readByte() << 8) | readByte();
    }
    if (len7 != LENGTH_64) {
      return len7;
    }
    long len = 0;
    for (int i = 0; i < 8; i++) {
      len = (len << 8) | readByte();
    }
    if (len < 0) {
      // RFC 6455 §5.2: the most significant bit must be 0. Read as signed, such a length is negative.
      throw violation("64-bit payload length with the most significant bit set");
    }
    return len;
  }

  private void ensureCapacity(int needed) {
    if (needed > message.length) {
      int grown = Math.max(needed, Math.min(maxMessage, Math.max(INITIAL_BUFFER, message.length * 2)));
      message = Arrays.copyOf(message, grown);
    }
  }

  private WebSocketException closed(byte[] payload) throws WebSocketException {
    if (payload.length == 0) {
      return new WebSocketException.Closed(WebSocketProtocol.CLOSE_NO_STATUS, "");
    }
    if (payload.length == 1) {
      return violation("close frame with a 1-byte payload");
    }
    int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    if (!WebSocketProtocol.isValidCloseCode(code)) {
      return violation("close code " + code + " may not be sent");
    }
    try {
      String reason = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload, 2, payload.length - 2))
          .toString();
      return new WebSocketException.Closed(code, reason);
    } catch (CharacterCodingException e) {
      return new WebSocketException.Violation(WebSocketProtocol.CLOSE_INVALID_DATA, "close reason is not valid UTF-8");
    }
  }

  private static WebSocketException.Violation violation(String why) {
    return new WebSocketException.Violation(WebSocketProtocol.CLOSE_PROTOCOL_ERROR, why);
  }

  private void readPayload(byte[] into, int offset, int len, boolean masked) throws IOException {
    readFully(into, offset, len);
    if (masked) {
      Masking.apply(into, offset, len, maskKey);
    }
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("connection closed inside a frame header");
    }
    return b;
  }

  private void readFully(byte[] b, int off, int len) throws IOException {
    int n = in.readNBytes(b, off, len);
    if (n < len) {
      throw new EOFException("connection closed inside a frame: " + n + " of " + len + " bytes");
    }
  }
}
