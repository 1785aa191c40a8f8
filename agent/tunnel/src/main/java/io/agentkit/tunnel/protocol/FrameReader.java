package io.agentkit.tunnel.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes one WebSocket message into one frame and reports it to a {@link FrameListener}.
 *
 * <p>Checks everything that can be checked without stream state: sizes, known types, the stream id
 * matching the type, fixed payload lengths. Stateful checks (windows, ids in use) belong to the
 * listener. Not thread safe; one reader per connection, used by its receiving thread.
 */
public final class FrameReader {

  private final FrameListener listener;

  public FrameReader(FrameListener listener) {
    this.listener = listener;
  }

  public void read(ByteBuffer message) throws ProtocolException {
    int length = message.remaining();
    if (length > TunnelProtocol.MAX_FRAME) {
      throw ProtocolException.tooBig("frame of " + length + " bytes exceeds the maximum of " + TunnelProtocol.MAX_FRAME);
    }
    if (length < TunnelProtocol.HEADER_SIZE) {
      throw ProtocolException.connection("frame of " + length + " bytes is shorter than the " + TunnelProtocol.HEADER_SIZE + "-byte header");
    }
    ByteBuffer in = message.slice();
    int code = in.get() & 0xff;
    int streamId = in.getInt();
    FrameType type = FrameType.of(code);
    if (type == null) {
      throw ProtocolException.connection(String.format("unknown frame type 0x%02x", code));
    }
    if (type.connectionLevel() != (streamId == 0)) {
      throw ProtocolException.connection(type + " frame on stream " + Integer.toUnsignedString(streamId)
          + (type.connectionLevel() ? " (must be 0)" : " (stream 0 is the connection)"));
    }
    switch (type) {
      case OPEN -> {
        need(in, 7, type);
        int window = in.getInt();
        int port = in.getShort() & 0xffff;
        int hostLength = in.get() & 0xff;
        // Framed well enough to know its stream: what is wrong inside refuses that stream alone.
        if (hostLength == 0 || in.remaining() != hostLength) {
          throw ProtocolException.badOpen(streamId, "OPEN frame with host length " + hostLength + " and " + in.remaining() + " bytes left");
        }
        if (port == 0) {
          throw ProtocolException.badOpen(streamId, "OPEN frame for port 0");
        }
        if (window <= 0) {
          throw ProtocolException.badOpen(streamId, "OPEN frame with window " + Integer.toUnsignedString(window) + " outside 1..2^31-1");
        }
        byte[] host = new byte[hostLength];
        in.get(host);
        listener.onOpen(streamId, window, ascii(streamId, host), port);
      }
      case OPENED -> {
        exactly(in, 4, type);
        listener.onOpened(streamId, window(in.getInt(), type));
      }
      case OPEN_FAILED -> {
        need(in, 1, type);
        Reason reason = Reason.of(in.get() & 0xff);
        listener.onOpenFailed(streamId, reason, text(in, type));
      }
      case DATA -> {
        if (!in.hasRemaining()) {
          throw ProtocolException.stream(streamId, Reason.PROTOCOL, "empty DATA frame");
        }
        listener.onData(streamId, in);
      }
      case WINDOW -> {
        if (in.remaining() != 4) {
          throw ProtocolException.stream(streamId, Reason.PROTOCOL, "WINDOW frame with " + in.remaining() + " payload bytes, expected 4");
        }
        int increment = in.getInt();
        if (increment <= 0) {
          throw ProtocolException.stream(streamId, Reason.FLOW_CONTROL, "WINDOW increment " + Integer.toUnsignedString(increment) + " outside 1..2^31-1");
        }
        listener.onWindow(streamId, increment);
      }
      case CLOSE -> {
        exactly(in, 0, type);
        listener.onClose(streamId);
      }
      case RESET -> {
        need(in, 1, type);
        Reason reason = Reason.of(in.get() & 0xff);
        listener.onReset(streamId, reason, text(in, type));
      }
      case DRAIN -> {
        exactly(in, 0, type);
        listener.onDrain();
      }
      case PING -> {
        exactly(in, TunnelProtocol.PING_PAYLOAD, type);
        listener.onPing(in.getLong());
      }
      case PONG -> {
        exactly(in, TunnelProtocol.PING_PAYLOAD, type);
        listener.onPong(in.getLong());
      }
      default -> throw new IllegalStateException(type.name());
    }
  }

  private static int window(int value, FrameType type) throws ProtocolException {
    if (value <= 0) {
      throw ProtocolException.connection(type + " frame with window " + Integer.toUnsignedString(value) + " outside 1..2^31-1");
    }
    return value;
  }

  private static void need(ByteBuffer in, int bytes, FrameType type) throws ProtocolException {
    if (in.remaining() < bytes) {
      throw ProtocolException.connection(type + " frame with " + in.remaining() + " payload bytes, needs at least " + bytes);
    }
  }

  private static void exactly(ByteBuffer in, int bytes, FrameType type) throws ProtocolException {
    if (in.remaining() != bytes) {
      throw ProtocolException.connection(type + " frame with " + in.remaining() + " payload bytes, expected " + bytes);
    }
  }

  private static String text(ByteBuffer in, FrameType type) throws ProtocolException {
    if (in.remaining() > TunnelProtocol.MAX_REASON_BYTES) {
      throw ProtocolException.connection(type + " message of " + in.remaining() + " bytes exceeds " + TunnelProtocol.MAX_REASON_BYTES);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in)
          .toString();
    } catch (CharacterCodingException e) {
      throw ProtocolException.connection(type + " message is not valid UTF-8");
    }
  }

  private static String ascii(int streamId, byte[] host) throws ProtocolException {
    for (byte b : host) {
      if (b <= 0x20 || b >= 0x7f) {
        throw ProtocolException.badOpen(streamId, "OPEN frame host contains a byte outside printable ASCII");
      }
    }
    return new String(host, StandardCharsets.US_ASCII);
  }
}
