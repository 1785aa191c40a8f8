package io.agentkit.orchestrator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentkit.contract.log.Log;
import io.agentkit.orchestrator.net.Admission;
import io.agentkit.orchestrator.net.Listener;
import io.agentkit.orchestrator.net.ServerTls;
import io.agentkit.tunnel.ws.HttpHead;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 over TLS for the Agent API, one request per connection, each on its own (virtual)
 * thread of a {@link Listener}. A client has 10 s for TLS, the request head and the body, and the
 * answer 10 s more; under pressure the oldest unfinished connections are shed first, so slow or
 * idle clients cannot keep {@code /healthz} or anyone else waiting.
 */
public final class ApiServer {

  /** Every connection is unauthenticated until its request is read: all of them are "pending". */
  public static final Admission.Limits LIMITS = new Admission.Limits(512, 256, 512, 256, Duration.ofSeconds(10));

  static final int MAX_BODY = 64 * 1024;
  private static final Duration RESPONSE_DEADLINE = Duration.ofSeconds(10);
  private static final int READ_TIMEOUT_MILLIS = 10_000;
  private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(100, "Continue"), Map.entry(200, "OK"),
      Map.entry(204, "No Content"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(404, "Not Found"),
      Map.entry(405, "Method Not Allowed"), Map.entry(409, "Conflict"), Map.entry(411, "Length Required"),
      Map.entry(413, "Content Too Large"), Map.entry(500, "Internal Server Error"), Map.entry(503, "Service Unavailable"));

  private final ServerTls tls;
  private final AgentApi api;
  private final ObjectMapper json = new ObjectMapper();

  public ApiServer(ServerTls tls, AgentApi api) {
    this.tls = tls;
    this.api = api;
  }

  /** Handles one accepted TCP connection (a {@link Listener.Handler}). */
  public void handle(Socket tcp, Admission.Ticket ticket) throws IOException {
    try (SSLSocket socket = tls.wrap(tcp)) {
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
      ApiExchange.Response response;
      HttpHead head;
      try {
        head = HttpHead.read(in);
      } catch (SSLException | SocketException | SocketTimeoutException e) {
        throw e;
      } catch (IOException e) {
        write(out, new ApiExchange.Response(400, AgentApi.error(e.getMessage())));
        return;
      }
      if (head == null) {
        return;
      }
      response = body(head, in, out);
      if (response == null) {
        ticket.extend(RESPONSE_DEADLINE);
        byte[] body = readBody(head, in);
        ticket.received();
        response = api.handle(request(head, body));
      }
      write(out, response);
    }
  }

  /** An answer when the body cannot be accepted; null to go on and read it. */
  private ApiExchange.Response body(HttpHead head, InputStream in, OutputStream out) throws IOException {
    if (head.header("transfer-encoding") != null) {
      return new ApiExchange.Response(411, AgentApi.error("send the body with Content-Length, not Transfer-Encoding"));
    }
    String length = head.header("content-length");
    if (length != null && !length.matches("[0-9]{1,9}")) {
      return new ApiExchange.Response(400, AgentApi.error("Content-Length is not a number"));
    }
    long n = length == null ? 0 : Long.parseLong(length);
    if (n > MAX_BODY) {
      return new ApiExchange.Response(413, AgentApi.error("body larger than " + MAX_BODY + " bytes"));
    }
    if (n > 0 && "100-continue".equalsIgnoreCase(head.header("expect"))) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    return null;
  }

  private static byte[] readBody(HttpHead head, InputStream in) throws IOException {
    String length = head.header("content-length");
    int n = length == null ? 0 : Integer.parseInt(length);
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new IOException("connection closed inside the request body");
    }
    return b;
  }

  /** Splits and decodes the target; malformed escapes become a 400 in {@link AgentApi}. */
  private static ApiExchange.Request request(HttpHead head, byte[] body) {
    String target = head.target();
    int q = target.indexOf('?');
    String rawPath = q < 0 ? target : target.substring(0, q);
    List<String> path = new ArrayList<>();
    for (String segment : rawPath.split("/")) {
      if (!segment.isEmpty()) {
        path.add(segment);
      }
    }
    Map<String, String> query = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : target.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return new ApiExchange.Request(head.method(), path, query, head.header("authorization"), body);
  }

  private void write(OutputStream out, ApiExchange.Response r) throws IOException {
    byte[] body = r.body() == null ? new byte[0] : json.writeValueAsBytes(r.body());
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(r.status()).append(' ').append(REASONS.getOrDefault(r.status(), "Status")).append("\r\n");
    r.headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    if (r.body() != null) {
      sb.append("Content-Type: application/json\r\n");
    }
    if (r.status() != 204) {
      sb.append("Content-Length: ").append(body.length).append("\r\n");
    }
    sb.append("Connection: close\r\n\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
    if (r.status() >= 500) {
      Log.debug("API answered an error", "status", r.status());
    }
  }
}
