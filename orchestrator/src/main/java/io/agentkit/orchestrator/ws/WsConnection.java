package io.agentkit.orchestrator.ws;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Server side of RFC 6455 on a blocking socket, after the upgrade. Reading is for one thread (the
 * session's receiver); writes are serialised on the output stream so the sender thread and
 * close/pong from the receiver do not interleave frames.
 */
public final class WsConnection {

  /** A close, a size violation or a protocol violation ended the message stream. */
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

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final int maxMessage;
  private boolean closeSent;

  public WsConnection(Socket socket, int maxMessage) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
    this.out = socket.getOutputStream();
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
      if ((b1 & 0x80) == 0) {
        throw protocolError("client frame not masked");
      }
      long len = b1 & 0x7f;
      if (len == 126) {
        len = in.readUnsignedShort();
      } else if (len == 127) {
        len = in.readLong();
      }
      byte[] mask = new byte[4];
      in.readFully(mask);
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
        throw protocolError("text message on the tunnel");
      }
      if (opcode == OP_BINARY && message != null || opcode == OP_CONT && message == null || opcode > OP_BINARY) {
        throw protocolError("unexpected opcode " + opcode);
      }
      if (len > maxMessage - length) {
        sendClose(WS_TOO_BIG, "message too big");
        throw new Closed(WS_TOO_BIG, "message larger than " + maxMessage + " bytes");
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

  public void sendBinary(ByteBuffer payload) throws IOException {
    writeFrame(OP_BINARY, payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
  }

  /** Any bytes as one binary message, for tests that play a misbehaving orchestrator. */
  public void sendBinary(byte[] payload) throws IOException {
    writeFrame(OP_BINARY, payload, 0, payload.length);
  }

  public void sendText(String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    writeFrame(OP_TEXT, b, 0, b.length);
  }

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

  public String remote() {
    return String.valueOf(socket.getRemoteSocketAddress());
  }

  private Closed protocolError(String why) {
    sendClose(WS_PROTOCOL_ERROR, why);
    return new Closed(WS_PROTOCOL_ERROR, why);
  }

  private byte[] readPayload(int len, byte[] mask) throws IOException {
    byte[] p = new byte[len];
    in.readFully(p);
    unmask(p, len, mask);
    return p;
  }

  /** Eight bytes per step: byte-wise unmasking costs as much CPU as the TLS decryption. */
  static void unmask(byte[] p, int len, byte[] mask) {
    long m4 = ((mask[0] & 0xffL) << 24) | ((mask[1] & 0xffL) << 16) | ((mask[2] & 0xffL) << 8) | (mask[3] & 0xffL);
    long m8 = (m4 << 32) | m4;
    int i = 0;
    for (int end = len - 7; i < end; i += 8) {
      LONGS.set(p, i, (long) LONGS.get(p, i) ^ m8);
    }
    for (; i < len; i++) {
      p[i] ^= mask[i & 3];
    }
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

  /** Header and payload in one write, so a 32,764-byte payload fills exactly two TLS records. */
  private void writeFrame(int opcode, byte[] payload, int offset, int len) throws IOException {
    int header = len < 126 ? 2 : len <= 0xffff ? 4 : 10;
    byte[] frame = new byte[header + len];
    frame[0] = (byte) (0x80 | opcode);
    if (header == 2) {
      frame[1] = (byte) len;
    } else if (header == 4) {
      frame[1] = 126;
      frame[2] = (byte) (len >> 8);
      frame[3] = (byte) len;
    } else {
      frame[1] = 127;
      ByteBuffer.wrap(frame, 2, 8).putLong(len);
    }
    System.arraycopy(payload, offset, frame, header, len);
    synchronized (out) {
      out.write(frame);
      out.flush();
    }
  }
}
