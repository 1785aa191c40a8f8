package io.agentkit.tunnel.protocol;

/**
 * Constants of the tunnel protocol, version 1 ({@code docs/protocol.md} is the specification).
 *
 * <pre>
 *   0               1               2               3               4
 *  +---------------+---------------+---------------+---------------+---------------+---------- -
 *  |   type (u8)   |              stream id (u32, big-endian)                      | payload ...
 *  +---------------+---------------+---------------+---------------+---------------+---------- -
 * </pre>
 *
 * One frame per WebSocket binary message; the payload runs to the end of the message.
 */
public final class TunnelProtocol {

  public static final int VERSION = 1;

  /** WebSocket subprotocol naming a version: how the two ends agree on one. */
  public static final String SUBPROTOCOL_PREFIX = "agentkit-tunnel.v";

  public static final String SUBPROTOCOL = SUBPROTOCOL_PREFIX + VERSION;

  /** Response header of a 426 listing the versions the orchestrator speaks. */
  public static final String VERSIONS_HEADER = "Agent-Tunnel-Versions";

  public static final String ORGS_HEADER = "Agent-Orgs";

  public static final String CONNECTION_ID_HEADER = "Agent-Connection-Id";

  public static final int HEADER_SIZE = 5;

  /** Largest WebSocket message either side accepts. */
  public static final int MAX_FRAME = 65_536;

  public static final int MAX_DATA = MAX_FRAME - HEADER_SIZE;

  /**
   * DATA payload the agent sends: frame plus the 8-byte masked WebSocket header is 65,536 bytes,
   * four full TLS records, instead of spilling a tiny fifth one; and half as many messages (each
   * with its thread hand-offs) as 32 KiB frames.
   */
  public static final int AGENT_DATA_CHUNK = 65_528 - HEADER_SIZE;

  /** DATA payload the orchestrator sends: its unmasked WebSocket header is 4 bytes. */
  public static final int ORCHESTRATOR_DATA_CHUNK = 65_532 - HEADER_SIZE;

  /**
   * The largest window a receiver grants a new stream. A receiver chooses each window from its
   * connection's memory budget ({@code mux.Limits}); under load new streams get less.
   */
  public static final int INITIAL_WINDOW = 64 * 1024;

  /**
   * A receiver grows a busy stream's window up to this by returning more credit than it consumed:
   * 64 KiB covers a tenth of a millisecond of credit round trip at 600 MB/s, too little on a loaded
   * host.
   */
  public static final int MAX_WINDOW = 1024 * 1024;

  /**
   * Credit is returned in batches of at least this share of the stream's window, so WINDOW frames
   * stay rare; the other three quarters keep the sender going while the batch travels back.
   */
  public static final int WINDOW_UPDATE_DIVISOR = 4;

  public static final int MAX_REASON_BYTES = 1024;

  public static final int MAX_HOST_BYTES = 255;

  public static final int PING_PAYLOAD = 8;

  public static final long PING_INTERVAL_MILLIS = 15_000;

  /** A connection with no frame received for this long is dead. */
  public static final long DEAD_AFTER_MILLIS = 45_000;

  public static final long DIAL_TIMEOUT_MILLIS = 10_000;

  /**
   * WebSocket close codes. Tunnel-level violations use the application range (3000–4999), apart
   * from RFC 6455's own codes.
   */
  public static final int CLOSE_NORMAL = 1000;
  public static final int CLOSE_GOING_AWAY = 1001;
  public static final int CLOSE_REPLACED = 4000;
  public static final int CLOSE_REVOKED = 4001;
  public static final int CLOSE_PROTOCOL_ERROR = 4002;
  public static final int CLOSE_PEER_SILENT = 4008;
  public static final int CLOSE_TOO_BIG = 4009;
  /** RFC 6455's "unexpected condition": a bug or resource failure at the closing end, not the peer's fault. */
  public static final int CLOSE_INTERNAL_ERROR = 1011;

  /**
   * Null when {@code host} can travel in OPEN (1–255 bytes of printable ASCII, no spaces), else
   * what is wrong with it.
   */
  public static String hostProblem(String host) {
    if (host == null || host.isEmpty()) {
      return "host is empty";
    }
    if (host.length() > MAX_HOST_BYTES) {
      return "host of " + host.length() + " characters is longer than " + MAX_HOST_BYTES;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return "host contains a character outside printable ASCII (code " + (int) c + ")";
      }
    }
    return null;
  }

  private TunnelProtocol() {}
}
