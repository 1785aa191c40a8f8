package io.agentkit.tunnel.ws;

/**
 * RFC 6455 constants the reader and writer share.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *  |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 *  |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 *  | |1|2|3|       |K|             |                               |
 *  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 *  |     Extended payload length continued, if payload len == 127  |
 *  + - - - - - - - - - - - - - - - +-------------------------------+
 *  |                               | Masking-key, if MASK set to 1 |
 *  +-------------------------------+-------------------------------+
 *  | Masking-key (continued)       |          Payload Data         |
 *  +-------------------------------- - - - - - - - - - - - - - - - +
 * </pre>
 */
public final class WebSocketProtocol {

  public static final int OP_CONTINUATION = 0x0;
  public static final int OP_TEXT = 0x1;
  public static final int OP_BINARY = 0x2;
  public static final int OP_CLOSE = 0x8;
  public static final int OP_PING = 0x9;
  public static final int OP_PONG = 0xA;

  static final int B0_FIN = 0x80;
  static final int B0_RESERVED = 0x70;
  static final int B0_OPCODE = 0x0f;
  static final int B1_MASK = 0x80;
  static final int B1_LENGTH = 0x7f;
  static final int LENGTH_16 = 126;
  static final int LENGTH_64 = 127;

  /** Control frames carry at most this many payload bytes and are never fragmented. */
  public static final int MAX_CONTROL_PAYLOAD = 125;

  /** Longest frame header: 2 bytes, a 64-bit length, a masking key. */
  public static final int MAX_HEADER = 14;

  public static final int CLOSE_NORMAL = 1000;
  public static final int CLOSE_PROTOCOL_ERROR = 1002;
  /** Not sent: a close frame without a code reads as this. */
  public static final int CLOSE_NO_STATUS = 1005;
  /** Not sent: the connection ended without a close frame. */
  public static final int CLOSE_ABNORMAL = 1006;
  public static final int CLOSE_INVALID_DATA = 1007;
  public static final int CLOSE_TOO_BIG = 1009;
  public static final int CLOSE_INTERNAL_ERROR = 1011;

  private WebSocketProtocol() {}

  /** Whether a peer may send {@code code} in a close frame (RFC 6455 §7.4). */
  static boolean isValidCloseCode(int code) {
    return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
  }

  static int headerSize(long length, boolean masked) {
    return 2 + (length < LENGTH_16 ? 0 : length <= 0xffff ? 2 : 8) + (masked ? 4 : 0);
  }
}
