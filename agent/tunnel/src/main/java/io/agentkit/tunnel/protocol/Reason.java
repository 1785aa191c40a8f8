package io.agentkit.tunnel.protocol;

/** Why a stream failed to open or was reset; the code travels in OPEN_FAILED and RESET. */
public enum Reason {
  REFUSED(1),
  TIMEOUT(2),
  UNRESOLVED(3),
  NOT_ALLOWED(4),
  DRAINING(5),
  UNREACHABLE(6),
  FLOW_CONTROL(7),
  PROTOCOL(8),
  CANCELLED(9),
  INTERNAL(10),
  OVERLOADED(11);

  private final int code;

  Reason(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** Unknown codes from a newer peer read as INTERNAL rather than failing the connection. */
  public static Reason of(int code) {
    for (Reason r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    return INTERNAL;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
