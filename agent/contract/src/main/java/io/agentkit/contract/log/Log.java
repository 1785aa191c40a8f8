package io.agentkit.contract.log;

import io.agentkit.contract.env.LogLevel;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One logfmt line per event on standard output, in the form the installation guide shows:
 * {@code time=2030-12-15T14:11:56.057Z level=INFO msg="websocket connection established" connectionId=""}.
 *
 * <p>Key-value pairs follow the message; keys with spaces are quoted as the guide's
 * {@code "listening to"=wss://…} is. Process-wide, because the agent is one process with one
 * configured level, and so the orchestrator's lines look the same.
 */
public final class Log {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static volatile LogLevel level = LogLevel.INFO;
  private static volatile PrintStream out = System.out;

  private Log() {}

  public static void setLevel(LogLevel newLevel) {
    level = newLevel;
  }

  public static boolean enabled(LogLevel l) {
    return l.compareTo(level) >= 0;
  }

  public static void debug(String msg, Object... keyValues) {
    log(LogLevel.DEBUG, msg, keyValues);
  }

  public static void info(String msg, Object... keyValues) {
    log(LogLevel.INFO, msg, keyValues);
  }

  public static void warn(String msg, Object... keyValues) {
    log(LogLevel.WARN, msg, keyValues);
  }

  public static void error(String msg, Object... keyValues) {
    log(LogLevel.ERROR, msg, keyValues);
  }

  public static void log(LogLevel l, String msg, Object... keyValues) {
    if (!enabled(l)) {
      return;
    }
    out.println(format(Instant.now(), l, msg, keyValues));
  }

  /** Visible for tests: the exact line for an event. */
  public static String format(Instant time, LogLevel l, String msg, Object... keyValues) {
    StringBuilder sb = new StringBuilder(96);
    sb.append("time=").append(TIME.format(time)).append(" level=").append(l.name()).append(" msg=");
    appendValue(sb, msg);
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      sb.append(' ');
      appendValue(sb, String.valueOf(keyValues[i]));
      sb.append('=');
      appendValue(sb, keyValues[i + 1] == null ? "" : String.valueOf(keyValues[i + 1]));
    }
    return sb.toString();
  }

  private static void appendValue(StringBuilder sb, String value) {
    if (!value.isEmpty() && !needsQuotes(value)) {
      sb.append(value);
      return;
    }
    sb.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c < 0x20 ? ' ' : c);
      }
    }
    sb.append('"');
  }

  private static boolean needsQuotes(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
