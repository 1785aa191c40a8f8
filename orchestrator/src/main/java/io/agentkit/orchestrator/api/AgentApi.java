package io.agentkit.orchestrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.agentkit.contract.log.Log;
import io.agentkit.orchestrator.store.AgentStore;
import io.agentkit.orchestrator.store.StoreException;
import io.agentkit.orchestrator.tunnel.AgentSession;
import io.agentkit.orchestrator.tunnel.SessionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/** The Agent API of {@code agent-api.md} over HTTPS, bearer-token protected, plus a sessions view. */
public final class AgentApi {

  private static final int MAX_BODY = 64 * 1024;

  private final HttpsServer server;
  private final AgentStore store;
  private final SessionRegistry registry;
  private final byte[] token;
  private final ObjectMapper json = new ObjectMapper();

  public AgentApi(SSLContext tls, InetSocketAddress bind, AgentStore store, SessionRegistry registry, String token) throws IOException {
    this.server = HttpsServer.create(bind, 64);
    this.server.setHttpsConfigurator(new HttpsConfigurator(tls));
    this.server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "api");
      t.setDaemon(true);
      return t;
    }));
    this.store = store;
    this.registry = registry;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    server.createContext("/", this::handle);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public void start() {
    server.start();
  }

  public void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getRawPath();
      if (path.equals("/healthz")) {
        send(x, 200, Map.of("status", "ok"));
        return;
      }
      if (!authorized(x.getRequestHeaders().getFirst("Authorization"))) {
        x.getResponseHeaders().add("WWW-Authenticate", "Bearer");
        send(x, 401, error("missing or wrong bearer token"));
        return;
      }
      String[] p = path.replaceAll("^/+|/+$", "").split("/");
      String method = x.getRequestMethod();
      try {
        route(x, method, p);
      } catch (StoreException e) {
        send(x, e.status(), error(e.getMessage()));
      }
    } catch (RuntimeException e) {
      Log.error("API request failed", "path", x.getRequestURI().getPath(), "err", String.valueOf(e));
      send(x, 500, error("internal error"));
    }
  }

  private void route(HttpExchange x, String method, String[] p) throws IOException, StoreException {
    if (p.length < 3 || !p[0].equals("orgs") || !p[2].equals("agents")) {
      send(x, 404, error("no such endpoint"));
      return;
    }
    String org = decode(p[1]);
    String by = "api-token";
    if (p.length == 3) {
      switch (method) {
        case "POST" -> {
          JsonNode body = body(x);
          send(x, 200, store.create(org, text(body, "id"), text(body, "public_key"), text(body, "description"), by));
        }
        case "GET" -> send(x, 200, store.list(org, query(x, "fingerprint")));
        default -> send(x, 405, error("use GET or POST"));
      }
      return;
    }
    String agent = decode(p[3]);
    if (p.length == 4) {
      switch (method) {
        case "PATCH" -> send(x, 200, store.describe(org, agent, text(body(x), "description")));
        case "DELETE" -> {
          store.delete(org, agent);
          send(x, 204, null);
        }
        default -> send(x, 405, error("use PATCH or DELETE"));
      }
      return;
    }
    if (p.length == 5 && p[4].equals("keys")) {
      switch (method) {
        case "GET" -> send(x, 200, store.keys(org, agent));
        case "POST" -> send(x, 200, store.link(org, agent, text(body(x), "public_key"), by));
        default -> send(x, 405, error("use GET or POST"));
      }
      return;
    }
    if (p.length == 6 && p[4].equals("keys") && method.equals("DELETE")) {
      store.unlink(org, agent, decode(p[5]));
      send(x, 204, null);
      return;
    }
    if (p.length == 5 && p[4].equals("sessions") && method.equals("GET")) {
      store.keys(org, agent);
      send(x, 200, registry.all(org, agent).stream().map(AgentApi::describe).toList());
      return;
    }
    send(x, 404, error("no such endpoint"));
  }

  private static Map<String, Object> describe(AgentSession s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("connection_id", s.identity().connectionId());
    m.put("fingerprint", s.identity().fingerprint());
    m.put("orgs", s.identity().orgs());
    m.put("connected_at", s.connectedAt().toString());
    m.put("draining", s.mux().isDraining());
    m.put("active_streams", s.mux().activeStreams());
    m.put("opened_streams", s.mux().openedStreams());
    return m;
  }

  private boolean authorized(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode body(HttpExchange x) throws IOException, StoreException {
    byte[] b;
    try (InputStream in = x.getRequestBody()) {
      b = in.readNBytes(MAX_BODY + 1);
    }
    if (b.length > MAX_BODY) {
      throw new StoreException(400, "body larger than " + MAX_BODY + " bytes");
    }
    try {
      JsonNode n = json.readTree(b);
      if (n == null || !n.isObject()) {
        throw new StoreException(400, "body must be a JSON object");
      }
      return n;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new StoreException(400, "body is not valid JSON");
    }
  }

  private static String text(JsonNode body, String field) throws StoreException {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new StoreException(400, field + " must be a string");
    }
    return n.asText();
  }

  private static String query(HttpExchange x, String name) {
    String q = x.getRequestURI().getRawQuery();
    if (q == null) {
      return null;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && decode(pair.substring(0, eq)).equals(name)) {
        return decode(pair.substring(eq + 1));
      }
    }
    return null;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static Map<String, String> error(String message) {
    return Map.of("error", message);
  }

  private void send(HttpExchange x, int status, Object body) throws IOException {
    if (body == null) {
      x.sendResponseHeaders(status, -1);
      return;
    }
    byte[] b = json.writeValueAsBytes(body);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
  }
}
