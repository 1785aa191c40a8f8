package io.agentkit.tunnel.protocol;

/** Frame types of protocol version 1, with their wire codes. */
public enum FrameType {
  OPEN(0x01),
  OPENED(0x02),
  OPEN_FAILED(0x03),
  DATA(0x04),
  WINDOW(0x05),
  CLOSE(0x06),
  RESET(0x07),
  DRAIN(0x08),
  PING(0x09),
  PONG(0x0A);

  private static final FrameType[] BY_CODE = new FrameType[0x0B];

  static {
    for (FrameType t : values()) {
      BY_CODE[t.code] = t;
    }
  }

  private final int code;

  FrameType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** Frames about the connection as a whole travel on stream 0. */
  public boolean connectionLevel() {
    return this == DRAIN || this == PING || this == PONG;
  }

  /** Null for a code this version does not define. */
  public static FrameType of(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
