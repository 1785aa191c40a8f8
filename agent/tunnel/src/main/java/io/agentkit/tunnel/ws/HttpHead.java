package io.agentkit.tunnel.ws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The start line and headers of an HTTP/1.1 message, read byte by byte so that nothing after the
 * blank line is consumed: the same socket goes on as a WebSocket or a CONNECT tunnel. For requests
 * {@code method, target, version}; for responses {@code version, status, reason}.
 */
public record HttpHead(String method, String target, String version, Map<String, String> headers) {

  public static final int MAX_HEAD = 16 * 1024;

  /** Lower-case header name → value; repeated headers are joined with ", ". */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** A response's status code (responses keep it in {@code target}). */
  public int status() {
    return Integer.parseInt(target);
  }

  /** A request head; null when the peer closed before sending anything. */
  public static HttpHead read(InputStream in) throws IOException {
    String[] lines = lines(in);
    if (lines == null) {
      return null;
    }
    String[] request = lines[0].split(" ");
    if (request.length != 3 || !request[2].startsWith("HTTP/1.")) {
      throw new IOException("malformed request line");
    }
    return new HttpHead(request[0], request[1], request[2], headers(lines));
  }

  /** A response head: {@code method} is the version, {@code target} the status, {@code version} the reason. */
  public static HttpHead readResponse(InputStream in) throws IOException {
    String[] lines = lines(in);
    if (lines == null) {
      throw new IOException("connection closed before the response");
    }
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].matches("[0-9]{3}")) {
      throw new IOException("malformed status line");
    }
    return new HttpHead(status[0], status[1], status.length > 2 ? status[2] : "", headers(lines));
  }

  /**
   * Reads a body announced by Content-Length, up to {@code max} bytes. A length that is not a
   * non-negative decimal number (-1, 1e3, or more than 19 digits) is a malformed response.
   */
  public String body(InputStream in, int max) throws IOException {
    String length = header("content-length");
    if (length == null) {
      return "";
    }
    String digits = length.trim();
    if (!digits.matches("[0-9]{1,18}")) {
      throw new IOException("malformed Content-Length: " + printable(digits));
    }
    int n = (int) Math.min(max, Long.parseLong(digits));
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  /** A header value for a log line: control characters shown as '?', at most 80 characters. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c > 0x7e ? '?' : c);
    }
    return sb.toString();
  }

  private static String[] lines(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(512);
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        if (sb.length() == 0) {
          return null;
        }
        throw new IOException("connection closed inside the message head");
      }
      if (sb.length() >= MAX_HEAD) {
        throw new IOException("message head larger than " + MAX_HEAD + " bytes");
      }
      sb.append((char) c);
      state = switch (state) {
        case 0, 2 -> c == '\r' ? state + 1 : 0;
        case 1, 3 -> c == '\n' ? state + 1 : (c == '\r' ? 1 : 0);
        default -> 0;
      };
    }
    return sb.toString().split("\r\n");
  }

  private static Map<String, String> headers(String[] lines) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed header line");
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      headers.merge(name, value, (a, b) -> a + ", " + b);
    }
    return headers;
  }

  /** Writes a complete small response and flushes it. */
  public static void respond(OutputStream out, int status, String reason, Map<String, String> headers, String body) throws IOException {
    byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
    headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    if (status != 101 && !(status == 200 && body == null)) {
      sb.append("Content-Length: ").append(b.length).append("\r\n");
    }
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(b);
    out.flush();
  }
}
