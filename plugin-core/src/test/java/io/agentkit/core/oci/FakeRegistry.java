package io.agentkit.core.oci;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.agentkit.core.chart.Digests;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An OCI registry in this process, on 127.0.0.1, holding blobs and manifests in memory, with the
 * behaviour a test scripts: Basic or Bearer auth, upload locations on another origin, redirects,
 * 503s. Records every request with its Authorization header. A registry binary is not needed, so
 * these tests run everywhere.
 */
final class FakeRegistry implements AutoCloseable {

  /** A request as the server saw it. */
  record Seen(String method, String path, String authorization) {}

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
  final AtomicInteger failNext = new AtomicInteger();
  private final HttpServer server;
  private final boolean tls;

  /** Expected Authorization header value, or null for an anonymous registry. */
  volatile String requiredAuthorization;
  /** The WWW-Authenticate challenge sent with a 401. */
  volatile String challenge;
  /** Where upload sessions point, from the session id; null for a relative path on this registry. */
  volatile Function<String, String> uploadLocation;
  /** Where blob HEAD/GET requests are redirected, from the path; null for no redirect. */
  volatile Function<String, String> blobRedirect;
  volatile Function<String, String> manifestRedirect;

  private FakeRegistry(HttpServer server, boolean tls) {
    this.server = server;
    this.tls = tls;
    server.createContext("/", this::handle);
    server.start();
  }

  static FakeRegistry http() throws IOException {
    return new FakeRegistry(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), false);
  }

  static FakeRegistry https(TestTls tls) throws IOException {
    HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext));
    return new FakeRegistry(s, true);
  }

  /** Basic auth with this user and password. */
  FakeRegistry basic(String user, String password) {
    requiredAuthorization = basicHeader(user, password);
    challenge = "Basic realm=\"fake\"";
    return this;
  }

  static String basicHeader(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** {@code 127.0.0.1:port} */
  String host() {
    return "127.0.0.1:" + port();
  }

  /** The same server under another host name: another origin for the client. */
  String localhostUrl() {
    return (tls ? "https" : "http") + "://localhost:" + port();
  }

  String url() {
    return (tls ? "https" : "http") + "://" + host();
  }

  List<Seen> requestsFor(String pathPart) {
    return seen.stream().filter(s -> s.path().contains(pathPart)).toList();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getPath();
      String query = x.getRequestURI().getRawQuery();
      String method = x.getRequestMethod();
      byte[] body = x.getRequestBody().readAllBytes();
      seen.add(new Seen(method, path + (query == null ? "" : "?" + query), x.getRequestHeaders().getFirst("Authorization")));
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        send(x, 503, "{\"errors\":[{\"code\":\"UNAVAILABLE\"}]}");
        return;
      }
      if (path.startsWith("/v2/") && requiredAuthorization != null && !requiredAuthorization.equals(x.getRequestHeaders().getFirst("Authorization"))) {
        x.getResponseHeaders().add("WWW-Authenticate", challenge);
        send(x, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
        return;
      }
      if (path.contains("/blobs/sha256:") && (method.equals("HEAD") || method.equals("GET")) && blobRedirect != null) {
        x.getResponseHeaders().add("Location", blobRedirect.apply(path));
        send(x, 307, "");
        return;
      }
      if (path.contains("/manifests/") && (method.equals("HEAD") || method.equals("GET")) && manifestRedirect != null) {
        x.getResponseHeaders().add("Location", manifestRedirect.apply(path));
        send(x, 307, "");
        return;
      }
      route(x, method, path, query, body);
    }
  }

  private void route(HttpExchange x, String method, String path, String query, byte[] body) throws IOException {
    if (path.matches("/v2/.+/blobs/uploads/") && method.equals("POST")) {
      String id = UUID.randomUUID().toString();
      String relative = path + id + "?_state=opaque";
      x.getResponseHeaders().add("Location", uploadLocation == null ? relative : uploadLocation.apply(relative));
      send(x, 202, "");
    } else if (path.matches("/v2/.+/blobs/uploads/.+") && method.equals("PUT")) {
      String digest = java.net.URLDecoder.decode(query.replaceFirst("^.*digest=", "").replaceFirst("&.*$", ""), StandardCharsets.UTF_8);
      if (!digest.equals(Digests.ociDigest(body))) {
        send(x, 400, "{\"errors\":[{\"code\":\"DIGEST_INVALID\"}]}");
        return;
      }
      blobs.put(digest, body);
      send(x, 201, "");
    } else if (path.matches("/v2/.+/blobs/sha256:[0-9a-f]+")) {
      String digest = path.substring(path.lastIndexOf('/') + 1);
      send(x, blobs.containsKey(digest) ? 200 : 404, "");
    } else if (path.matches("/v2/.+/manifests/.+") && method.equals("PUT")) {
      manifests.put(path, body);
      x.getResponseHeaders().add("Docker-Content-Digest", Digests.ociDigest(body));
      send(x, 201, "");
    } else if (path.matches("/v2/.+/manifests/.+")) {
      byte[] m = manifests.get(path);
      if (m != null) {
        x.getResponseHeaders().add("Docker-Content-Digest", Digests.ociDigest(m));
      }
      send(x, m == null ? 404 : 200, "");
    } else {
      send(x, 404, "");
    }
  }

  static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    boolean empty = b.length == 0 || x.getRequestMethod().equals("HEAD");
    x.sendResponseHeaders(status, empty ? -1 : b.length);
    if (!empty) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(b);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
