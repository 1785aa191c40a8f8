package io.agentkit.orchestrator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentkit.contract.log.Log;
import io.agentkit.orchestrator.store.AgentStore;
import io.agentkit.orchestrator.store.ProxyTokenStore;
import io.agentkit.orchestrator.store.StoreException;
import io.agentkit.orchestrator.tunnel.AgentSession;
import io.agentkit.orchestrator.tunnel.SessionRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of the Agent API ({@code agent-api.md}), bearer-token protected, plus a sessions view
 * and the proxy tokens of each organization. I/O is {@link ApiServer}'s.
 */
public final class AgentApi {

  private final AgentStore store;
  private final ProxyTokenStore proxyTokens;
  private final SessionRegistry registry;
  private final byte[] token;
  private final ObjectMapper json = new ObjectMapper();

  public AgentApi(AgentStore store, ProxyTokenStore proxyTokens, SessionRegistry registry, String token) {
    this.store = store;
    this.proxyTokens = proxyTokens;
    this.registry = registry;
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  /** Never throws: failures become 4xx/5xx answers. */
  ApiExchange.Response handle(ApiExchange.Request r) {
    try {
      List<String> p = r.path().stream().map(AgentApi::decode).toList();
      if (p.equals(List.of("healthz"))) {
        return new ApiExchange.Response(200, Map.of("status", "ok"));
      }
      if (!authorized(r.authorization())) {
        return new ApiExchange.Response(401, error("missing or wrong bearer token"), Map.of("WWW-Authenticate", "Bearer"));
      }
      return route(r, r.method(), p);
    } catch (StoreException e) {
      return new ApiExchange.Response(e.status(), error(e.getMessage()));
    } catch (BadRequest e) {
      return new ApiExchange.Response(400, error(e.getMessage()));
    } catch (RuntimeException e) {
      Log.error("API request failed", "method", r.method(), "path", String.join("/", r.path()), "err", String.valueOf(e));
      return new ApiExchange.Response(500, error("internal error"));
    }
  }

  private ApiExchange.Response route(ApiExchange.Request r, String method, List<String> p) throws StoreException {
    if (p.size() < 3 || !p.get(0).equals("orgs")) {
      return notFound();
    }
    String org = p.get(1);
    String by = "api-token";
    if (p.get(2).equals("proxy-tokens")) {
      return proxyTokens(r, method, org, p);
    }
    if (!p.get(2).equals("agents")) {
      return notFound();
    }
    if (p.size() == 3) {
      return switch (method) {
        case "POST" -> {
          JsonNode body = body(r);
          yield ok(store.create(org, text(body, "id"), text(body, "public_key"), text(body, "description"), by));
        }
        case "GET" -> ok(store.list(org, query(r, "fingerprint")));
        default -> notAllowed("GET or POST");
      };
    }
    String agent = p.get(3);
    if (p.size() == 4) {
      return switch (method) {
        case "PATCH" -> ok(store.describe(org, agent, text(body(r), "description")));
        case "DELETE" -> {
          store.delete(org, agent);
          yield new ApiExchange.Response(204, null);
        }
        default -> notAllowed("PATCH or DELETE");
      };
    }
    if (p.size() == 5 && p.get(4).equals("keys")) {
      return switch (method) {
        case "GET" -> ok(store.keys(org, agent));
        case "POST" -> ok(store.link(org, agent, text(body(r), "public_key"), by));
        default -> notAllowed("GET or POST");
      };
    }
    if (p.size() == 6 && p.get(4).equals("keys") && method.equals("DELETE")) {
      store.unlink(org, agent, p.get(5));
      return new ApiExchange.Response(204, null);
    }
    if (p.size() == 5 && p.get(4).equals("sessions") && method.equals("GET")) {
      store.keys(org, agent);
      return ok(registry.all(org, agent).stream().map(AgentApi::describe).toList());
    }
    return notFound();
  }

  /** {@code POST/GET /orgs/{org}/proxy-tokens}, {@code DELETE /orgs/{org}/proxy-tokens/{id}}. */
  private ApiExchange.Response proxyTokens(ApiExchange.Request r, String method, String org, List<String> p) throws StoreException {
    if (p.size() == 3) {
      return switch (method) {
        case "POST" -> {
          JsonNode body = r.body().length == 0 ? json.createObjectNode() : body(r);
          ProxyTokenStore.Created c = proxyTokens.create(org, text(body, "description"), "api-token");
          Map<String, Object> view = describe(c.token());
          view.put("token", c.secret());
          Log.info("Proxy token created", "org", org, "token", c.token().id());
          yield ok(view);
        }
        case "GET" -> ok(proxyTokens.list(org).stream().map(AgentApi::describe).toList());
        default -> notAllowed("GET or POST");
      };
    }
    if (p.size() == 4 && method.equals("DELETE")) {
      proxyTokens.revoke(org, p.get(3));
      return new ApiExchange.Response(204, null);
    }
    return p.size() == 4 ? notAllowed("DELETE") : notFound();
  }

  /** A token as the API shows it: never the secret's hash. */
  private static Map<String, Object> describe(ProxyTokenStore.Token t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("org_id", t.orgId());
    m.put("description", t.description());
    m.put("created_at", t.createdAt());
    m.put("created_by", t.createdBy());
    return m;
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

  private JsonNode body(ApiExchange.Request r) throws StoreException {
    try {
      JsonNode n = json.readTree(r.body());
      if (n == null || !n.isObject()) {
        throw new StoreException(400, "body must be a JSON object");
      }
      return n;
    } catch (java.io.IOException e) {
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

  private static String query(ApiExchange.Request r, String name) {
    for (Map.Entry<String, String> e : r.query().entrySet()) {
      if (decode(e.getKey()).equals(name)) {
        return decode(e.getValue());
      }
    }
    return null;
  }

  /** Percent-decoding; a malformed escape is the client's error. */
  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("malformed percent-encoding in the request target");
    }
  }

  private static ApiExchange.Response ok(Object body) {
    return new ApiExchange.Response(200, body);
  }

  private static ApiExchange.Response notFound() {
    return new ApiExchange.Response(404, error("no such endpoint"));
  }

  private static ApiExchange.Response notAllowed(String methods) {
    return new ApiExchange.Response(405, error("use " + methods), Map.of("Allow", methods.replace(" or ", ", ")));
  }

  static Map<String, String> error(String message) {
    return Map.of("error", message);
  }

  /** A malformed request noticed while routing. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
