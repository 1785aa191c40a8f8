package io.agentkit.tunnel.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes frames into ready-to-send buffers (position 0, limit at the end). Stateless: each call
 * returns a fresh buffer that the transport owns, so callers on any thread can use it.
 */
public final class FrameWriter {

  private FrameWriter() {}

  public static ByteBuffer open(int streamId, int window, String host, int port) {
    String problem = TunnelProtocol.hostProblem(host);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    byte[] h = host.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = header(FrameType.OPEN, streamId, 7 + h.length);
    b.putInt(window).putShort((short) port).put((byte) h.length).put(h);
    return b.flip();
  }

  public static ByteBuffer opened(int streamId, int window) {
    return header(FrameType.OPENED, streamId, 4).putInt(window).flip();
  }

  public static ByteBuffer openFailed(int streamId, Reason reason, String message) {
    return withReason(FrameType.OPEN_FAILED, streamId, reason, message);
  }

  public static ByteBuffer data(int streamId, byte[] bytes, int offset, int length) {
    if (length <= 0 || length > TunnelProtocol.MAX_DATA) {
      throw new IllegalArgumentException("DATA length " + length + " outside 1.." + TunnelProtocol.MAX_DATA);
    }
    return header(FrameType.DATA, streamId, length).put(bytes, offset, length).flip();
  }

  /**
   * Room left in front of a DATA frame built in place for the largest WebSocket header (14 bytes,
   * masked with a 64-bit length), so the transport can prepend its header without copying.
   */
  public static final int TRANSPORT_HEADROOM = 14;

  /**
   * A DATA frame built in place: callers read straight into {@code buffer} after the header, so
   * the bulk path copies each byte once. {@link #dataBuffer(int)} makes such a buffer.
   */
  public static ByteBuffer finishData(ByteBuffer buffer, int streamId) {
    int end = buffer.position();
    buffer.put(TRANSPORT_HEADROOM, (byte) FrameType.DATA.code()).putInt(TRANSPORT_HEADROOM + 1, streamId);
    return buffer.position(TRANSPORT_HEADROOM).limit(end);
  }

  /** A buffer for {@link #finishData}: position after headroom and header, room for {@code chunk} bytes. */
  public static ByteBuffer dataBuffer(int chunk) {
    return ByteBuffer.allocate(TRANSPORT_HEADROOM + TunnelProtocol.HEADER_SIZE + chunk).position(TRANSPORT_HEADROOM + TunnelProtocol.HEADER_SIZE);
  }

  /** Where a caller reading into a {@link #dataBuffer} puts the first payload byte. */
  public static int dataOffset() {
    return TRANSPORT_HEADROOM + TunnelProtocol.HEADER_SIZE;
  }

  public static ByteBuffer window(int streamId, int increment) {
    return header(FrameType.WINDOW, streamId, 4).putInt(increment).flip();
  }

  public static ByteBuffer close(int streamId) {
    return header(FrameType.CLOSE, streamId, 0).flip();
  }

  public static ByteBuffer reset(int streamId, Reason reason, String message) {
    return withReason(FrameType.RESET, streamId, reason, message);
  }

  public static ByteBuffer drain() {
    return header(FrameType.DRAIN, 0, 0).flip();
  }

  public static ByteBuffer ping(long payload) {
    return header(FrameType.PING, 0, 8).putLong(payload).flip();
  }

  public static ByteBuffer pong(long payload) {
    return header(FrameType.PONG, 0, 8).putLong(payload).flip();
  }

  private static ByteBuffer withReason(FrameType type, int streamId, Reason reason, String message) {
    byte[] text = truncate(message == null ? "" : message);
    return header(type, streamId, 1 + text.length).put((byte) reason.code()).put(text).flip();
  }

  private static byte[] truncate(String message) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    if (text.length <= TunnelProtocol.MAX_REASON_BYTES) {
      return text;
    }
    // Cut on a character boundary so the receiver's strict UTF-8 check passes.
    int end = TunnelProtocol.MAX_REASON_BYTES;
    while (end > 0 && (text[end] & 0xc0) == 0x80) {
      end--;
    }
    return Arrays.copyOf(text, end);
  }

  private static ByteBuffer header(FrameType type, int streamId, int payload) {
    return ByteBuffer.allocate(TunnelProtocol.HEADER_SIZE + payload).put((byte) type.code()).putInt(streamId);
  }
}
