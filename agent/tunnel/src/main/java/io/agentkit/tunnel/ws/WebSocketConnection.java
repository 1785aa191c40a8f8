package io.agentkit.tunnel.ws;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * RFC 6455 on a blocking socket after the upgrade, for either role: the orchestrator (server:
 * expects masked frames, sends unmasked) and the agent (client: the reverse). One implementation
 * serves both ends of the tunnel.
 *
 * <p>Reading is for one thread (the connection's receiver). Writes are serialised on the output
 * stream, so the sender thread and a close or pong from the receiver never interleave frames. Each
 * frame goes out in one write, so a full DATA frame fills whole TLS records.
 */
public final class WebSocketConnection {

  /** A close, a size violation or a framing violation ended the message stream. */
  public static final class Closed extends IOException {
    private static final long serialVersionUID = 1L;
    private final int code;

    public Closed(int code, String reason) {
      super(reason);
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  /** RFC 6455 codes for violations of WebSocket framing itself (tunnel violations use 40xx). */
  public static final int WS_PROTOCOL_ERROR = 1002;
  public static final int WS_TOO_BIG = 1009;

  private static final int OP_CONT = 0x0;
  private static final int OP_TEXT = 0x1;
  private static final int OP_BINARY = 0x2;
  private static final int OP_CLOSE = 0x8;
  private static final int OP_PING = 0x9;
  private static final int OP_PONG = 0xA;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final boolean client;
  private final int maxMessage;
  // Guarded by out.
  private boolean closeSent;
  private final byte[] maskPool = new byte[4096];
  private int maskPos = maskPool.length;

  /**
   * @param in the socket's input, possibly already buffered by the handshake
   * @param client true on the agent's side: frames sent are masked, frames received must not be
   */
  public WebSocketConnection(Socket socket, InputStream in, boolean client, int maxMessage) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 64 * 1024));
    this.out = socket.getOutputStream();
    this.client = client;
    this.maxMessage = maxMessage;
  }

  /** The next binary message; answers pings on the way. Throws {@link Closed} when the stream ends. */
  public ByteBuffer readMessage() throws IOException {
    byte[] message = null;
    int length = 0;
    while (true) {
      int b0;
      try {
        b0 = in.readUnsignedByte();
      } catch (EOFException e) {
        throw new Closed(1006, "connection closed without a close frame");
      }
      int b1 = in.readUnsignedByte();
      boolean fin = (b0 & 0x80) != 0;
      int opcode = b0 & 0x0f;
      if ((b0 & 0x70) != 0) {
        throw protocolError("reserved bits set");
      }
      boolean masked = (b1 & 0x80) != 0;
      if (masked == client) {
        throw protocolError(client ? "server frame is masked" : "client frame is not masked");
      }
      long len = b1 & 0x7f;
      if (len == 126) {
        len = in.readUnsignedShort();
      } else if (len == 127) {
        len = in.readLong();
      }
      byte[] mask = null;
      if (masked) {
        mask = new byte[4];
        in.readFully(mask);
      }
      if (opcode >= 0x8) {
        if (!fin || len > 125) {
          throw protocolError("fragmented or oversized control frame");
        }
        byte[] payload = readPayload((int) len, mask);
        switch (opcode) {
          case OP_PING -> writeFrame(OP_PONG, payload, 0, payload.length);
          case OP_PONG -> { }
          case OP_CLOSE -> {
            int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
            String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
            sendClose(code == 1005 ? 1000 : code, "");
            throw new Closed(code, reason);
          }
          default -> throw protocolError("unknown control opcode " + opcode);
        }
        continue;
      }
      if (opcode == OP_TEXT) {
        throw new TextMessage();
      }
      if (opcode == OP_BINARY && message != null || opcode == OP_CONT && message == null || opcode > OP_BINARY) {
        throw protocolError("unexpected opcode " + opcode);
      }
      if (len > maxMessage - length) {
        throw new TooBig("message larger than " + maxMessage + " bytes");
      }
      byte[] payload = readPayload((int) len, mask);
      if (fin && message == null) {
        return ByteBuffer.wrap(payload);
      }
      if (message == null) {
        message = new byte[maxMessage];
      }
      System.arraycopy(payload, 0, message, length, payload.length);
      length += payload.length;
      if (fin) {
        return ByteBuffer.wrap(message, 0, length);
      }
    }
  }

  /** A text message arrived; the tunnel only carries binary ones. */
  public static final class TextMessage extends IOException {
    private static final long serialVersionUID = 1L;

    TextMessage() {
      super("text message on the tunnel");
    }
  }

  /** A message over the size limit; the caller decides the close code. */
  public static final class TooBig extends IOException {
    private static final long serialVersionUID = 1L;

    TooBig(String message) {
      super(message);
    }
  }

  /**
   * Sends the buffer's remaining bytes (heap buffers only) as one binary message. When the array
   * has room for the header in front of the payload (see {@code FrameWriter#dataBuffer}), the
   * frame is assembled and masked in place: the buffer belongs to the connection from here on.
   */
  public void sendBinary(ByteBuffer payload) throws IOException {
    int len = payload.remaining();
    int start = payload.arrayOffset() + payload.position();
    int header = headerSize(len);
    if (start < header) {
      writeFrame(OP_BINARY, payload.array(), start, len);
      return;
    }
    byte[] a = payload.array();
    synchronized (out) {
      int h = start - header;
      putHeader(a, h, OP_BINARY, len);
      maskIfClient(a, h, start, len);
      out.write(a, h, header + len);
      out.flush();
    }
  }

  /** Any bytes as one binary message, for tests that play a misbehaving peer. */
  public void sendBinary(byte[] payload) throws IOException {
    writeFrame(OP_BINARY, payload, 0, payload.length);
  }

  public void sendText(String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    writeFrame(OP_TEXT, b, 0, b.length);
  }

  /** Sends a close frame once; later calls do nothing. */
  public void sendClose(int code, String reason) {
    synchronized (out) {
      if (closeSent) {
        return;
      }
      closeSent = true;
    }
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(r.length, 120);
    byte[] payload = new byte[2 + n];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(r, 0, payload, 2, n);
    try {
      writeFrame(OP_CLOSE, payload, 0, payload.length);
    } catch (IOException ignored) {
      // The peer is gone; closing the socket follows.
    }
  }

  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing left to release.
    }
  }

  /**
   * Closes after a close frame: output first, then up to {@code lingerMillis} of reading so the
   * peer's close arrives, because closing with unread input sends a RST that can destroy the close
   * frame in flight.
   */
  public void closeAfterSending(int lingerMillis) {
    try {
      socket.setSoTimeout(lingerMillis);
      long deadline = System.nanoTime() + lingerMillis * 1_000_000L;
      byte[] sink = new byte[8192];
      while (System.nanoTime() < deadline && in.read(sink) >= 0) {
        // Discard until the peer closes or the time is up.
      }
    } catch (IOException ignored) {
      // Timed out or reset: close below either way.
    }
    close();
  }

  private Closed protocolError(String why) {
    sendClose(WS_PROTOCOL_ERROR, why);
    return new Closed(WS_PROTOCOL_ERROR, why);
  }

  private byte[] readPayload(int len, byte[] mask) throws IOException {
    byte[] p = new byte[len];
    in.readFully(p);
    if (mask != null) {
      mask(p, 0, len, mask);
    }
    return p;
  }

  /** Eight bytes per step: byte-wise masking costs as much CPU as the TLS encryption itself. */
  static void mask(byte[] p, int from, int len, byte[] mask) {
    long m4 = ((mask[0] & 0xffL) << 24) | ((mask[1] & 0xffL) << 16) | ((mask[2] & 0xffL) << 8) | (mask[3] & 0xffL);
    long m8 = (m4 << 32) | m4;
    int i = 0;
    for (int end = len - 7; i < end; i += 8) {
      LONGS.set(p, from + i, (long) LONGS.get(p, from + i) ^ m8);
    }
    for (; i < len; i++) {
      p[from + i] ^= mask[i & 3];
    }
  }

  private void writeFrame(int opcode, byte[] payload, int offset, int len) throws IOException {
    int header = headerSize(len);
    byte[] frame = new byte[header + len];
    System.arraycopy(payload, offset, frame, header, len);
    synchronized (out) {
      putHeader(frame, 0, opcode, len);
      maskIfClient(frame, 0, header, len);
      out.write(frame);
      out.flush();
    }
  }

  private int headerSize(int len) {
    return 2 + (len < 126 ? 0 : len <= 0xffff ? 2 : 8) + (client ? 4 : 0);
  }

  /** Writes the header (without the masking key) at {@code at}. */
  private void putHeader(byte[] a, int at, int opcode, int len) {
    a[at] = (byte) (0x80 | opcode);
    int mask = client ? 0x80 : 0;
    if (len < 126) {
      a[at + 1] = (byte) (mask | len);
    } else if (len <= 0xffff) {
      a[at + 1] = (byte) (mask | 126);
      a[at + 2] = (byte) (len >> 8);
      a[at + 3] = (byte) len;
    } else {
      a[at + 1] = (byte) (mask | 127);
      ByteBuffer.wrap(a, at + 2, 8).putLong(len);
    }
  }

  /**
   * Client role: a masking key per frame just before the payload, and the payload masked. RFC 6455
   * §5.3 wants unpredictable keys; they come from a SecureRandom pool to keep it off the hot path.
   * Caller holds the lock on {@code out}.
   */
  private void maskIfClient(byte[] a, int frameStart, int payloadStart, int len) {
    if (!client) {
      return;
    }
    if (maskPos == maskPool.length) {
      RANDOM.nextBytes(maskPool);
      maskPos = 0;
    }
    byte[] key = {maskPool[maskPos], maskPool[maskPos + 1], maskPool[maskPos + 2], maskPool[maskPos + 3]};
    maskPos += 4;
    System.arraycopy(key, 0, a, payloadStart - 4, 4);
    mask(a, payloadStart, len, key);
  }
}
