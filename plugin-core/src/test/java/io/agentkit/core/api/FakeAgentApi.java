package io.agentkit.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * An Agent API as {@code agent-api.md} describes it, in memory, on plain HTTP on 127.0.0.1: the
 * stand-in for Humanitec's API, which tests cannot run (it has no sessions view unless
 * {@link #sessions} is set). Scripted answers ({@link #script}) come first, to play an API that fails.
 * The reference orchestrator, which tests can run, is exercised by it/lifecycle.
 */
public final class FakeAgentApi implements AutoCloseable {

  public final String token = "fake-api-token-" + "t".repeat(24);
  /** org → agent id → fingerprint → PEM. */
  public final Map<String, Map<String, Map<String, String>>> keys = new LinkedHashMap<>();
  public final Map<String, String> descriptions = new LinkedHashMap<>();
  /** Every request as "METHOD path", and every Authorization header seen. */
  public final List<String> requests = new ArrayList<>();
  public final List<String> authorizations = new ArrayList<>();
  /** Answers to give before the API's own, one per request matching their prefix ("POST /orgs/o/agents/a/keys"). */
  public final ConcurrentLinkedQueue<Scripted> script = new ConcurrentLinkedQueue<>();
  /** When every listed key expires. */
  public volatile String expiresAt = "2028-01-01T00:00:00Z";
  /** The sessions view: connection id → fingerprint per "org/agent"; null: the API has none (404). */
  public volatile Map<String, Map<String, String>> sessions;

  public record Scripted(String prefix, int status, String body, Map<String, String> headers) {}

  private final HttpServer server;
  private final ObjectMapper json = new ObjectMapper();

  public FakeAgentApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void fail(String prefix, int status, String body, Map<String, String> headers) {
    script.add(new Scripted(prefix, status, body, headers));
  }

  private synchronized void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getRawPath();
      String line = x.getRequestMethod() + " " + path;
      requests.add(line);
      authorizations.add(x.getRequestHeaders().getFirst("Authorization"));
      byte[] body = x.getRequestBody().readAllBytes();
      for (Scripted s : script) {
        if (line.startsWith(s.prefix())) {
          script.remove(s);
          s.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
          send(x, s.status(), s.body());
          return;
        }
      }
      if (!("Bearer " + token).equals(x.getRequestHeaders().getFirst("Authorization"))) {
        send(x, 401, "{\"error\":\"unauthorized\"}");
        return;
      }
      Answer a = route(x.getRequestMethod(), path.split("/"), body.length == 0 ? null : json.readTree(body));
      send(x, a.status, a.body == null ? null : json.writeValueAsString(a.body));
    }
  }

  private record Answer(int status, Object body) {}

  private Answer route(String method, String[] p, JsonNode body) throws IOException {
    // "", "orgs", org, "agents", id, "keys"|"sessions", fingerprint
    String org = p[2];
    Map<String, Map<String, String>> agents = keys.computeIfAbsent(org, o -> new LinkedHashMap<>());
    if (p.length == 4 && method.equals("GET")) {
      List<Map<String, String>> out = new ArrayList<>();
      agents.keySet().forEach(id -> out.add(Map.of("id", id, "description", descriptions.getOrDefault(org + "/" + id, ""), "org_id", org)));
      return new Answer(200, out);
    }
    if (p.length == 4 && method.equals("POST")) {
      String id = body.path("id").asText();
      if (agents.containsKey(id)) {
        return new Answer(409, Map.of("error", "agent " + id + " already exists"));
      }
      Map<String, String> k = new LinkedHashMap<>();
      k.put(fingerprint(body.path("public_key").asText()), body.path("public_key").asText());
      agents.put(id, k);
      descriptions.put(org + "/" + id, body.path("description").asText(""));
      return new Answer(200, Map.of("id", id));
    }
    Map<String, String> agentKeys = agents.get(p[4]);
    if (agentKeys == null) {
      return new Answer(404, Map.of("error", "agent " + p[4] + " not found"));
    }
    if (p.length == 5 && method.equals("PATCH")) {
      descriptions.put(org + "/" + p[4], body.path("description").asText());
      return new Answer(200, Map.of("id", p[4]));
    }
    if (p.length == 5 && method.equals("DELETE")) {
      agents.remove(p[4]);
      return new Answer(204, null);
    }
    if (p.length == 6 && p[5].equals("keys") && method.equals("GET")) {
      List<Map<String, Object>> out = new ArrayList<>();
      agentKeys.keySet().forEach(fp -> out.add(Map.of("fingerprint", fp, "created_at", "2026-01-01T00:00:00Z", "expired_at", expiresAt, "is_authorized", true)));
      return new Answer(200, out);
    }
    if (p.length == 6 && p[5].equals("keys") && method.equals("POST")) {
      String pem = body.path("public_key").asText();
      if (agentKeys.containsKey(fingerprint(pem))) {
        return new Answer(409, Map.of("error", "key already linked"));
      }
      agentKeys.put(fingerprint(pem), pem);
      return new Answer(200, Map.of("fingerprint", fingerprint(pem)));
    }
    if (p.length == 7 && p[5].equals("keys") && method.equals("DELETE")) {
      return agentKeys.remove(p[6]) == null ? new Answer(404, Map.of("error", "no such key")) : new Answer(204, null);
    }
    if (p.length == 6 && p[5].equals("sessions") && method.equals("GET") && sessions != null) {
      List<Map<String, Object>> out = new ArrayList<>();
      sessions.getOrDefault(org + "/" + p[4], Map.of()).forEach((c, fp) -> out.add(Map.of("connection_id", c, "fingerprint", fp, "draining", false)));
      return new Answer(200, out);
    }
    return new Answer(404, Map.of("error", "no such endpoint"));
  }

  public static String fingerprint(String pem) {
    String b64 = String.join("", pem.lines().filter(l -> !l.startsWith("-----")).toList());
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(b64)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    if (body == null) {
      x.sendResponseHeaders(status, -1);
      return;
    }
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
  }

  /** Lets a test change the fake's state under its lock. */
  public synchronized <T> T with(Function<FakeAgentApi, T> f) {
    return f.apply(this);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
