package io.agentkit.it.chart;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agentkit.core.chart.ChartArchiveReader;
import io.agentkit.core.chart.ChartMetadata;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Helm HTTP repository on 127.0.0.1, as small as the tests need and written from the servers'
 * documentation: ChartMuseum's upload API ({@code POST /api/charts} with the .tgz as body,
 * {@code POST /api/prov} with the .prov; 409 when the version exists; Basic auth on uploads,
 * anonymous reads), served at {@code /charts/<file>} with a generated {@code /index.yaml}; a plain
 * {@code PUT /put-repo/<file>} repository (Artifactory and Nexus style) that regenerates
 * {@code /put-repo/index.yaml}; and a static file tree under {@code /static/}.
 */
final class HelmRepositoryServer implements AutoCloseable {

  private static final Pattern PROV_NAME = Pattern.compile("(?m)^name: (\\S+)$");
  private static final Pattern PROV_VERSION = Pattern.compile("(?m)^version: (\\S+)$");

  final List<String> seen = new CopyOnWriteArrayList<>();
  private final Map<String, byte[]> chartMuseum = new ConcurrentHashMap<>();
  private final Map<String, byte[]> putRepo = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final String authorization;
  private final Path staticRoot;

  HelmRepositoryServer(String user, String password, Path staticRoot) throws IOException {
    this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.staticRoot = staticRoot;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String method = x.getRequestMethod();
      String path = x.getRequestURI().getPath();
      byte[] body = x.getRequestBody().readAllBytes();
      seen.add(method + " " + path + (x.getRequestHeaders().getFirst("Authorization") == null ? "" : " (authorized)"));
      boolean write = method.equals("POST") || method.equals("PUT");
      if (write && !authorization.equals(x.getRequestHeaders().getFirst("Authorization"))) {
        x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"helm-repository\"");
        send(x, 401, "{\"error\":\"unauthorized\"}");
      } else if (method.equals("POST") && path.equals("/api/charts")) {
        ChartMetadata m = ChartArchiveReader.metadata(body, "upload");
        if (chartMuseum.putIfAbsent(m.archiveName(), body) != null) {
          send(x, 409, "{\"error\":\"file already exists\"}");
        } else {
          send(x, 201, "{\"saved\":true}");
        }
      } else if (method.equals("POST") && path.equals("/api/prov")) {
        String text = new String(body, StandardCharsets.UTF_8);
        Matcher name = PROV_NAME.matcher(text);
        Matcher version = PROV_VERSION.matcher(text);
        if (!name.find() || !version.find()) {
          send(x, 400, "{\"error\":\"no chart name and version in the provenance file\"}");
          return;
        }
        chartMuseum.put(name.group(1) + "-" + version.group(1) + ".tgz.prov", body);
        send(x, 201, "{\"saved\":true}");
      } else if (method.equals("PUT") && path.startsWith("/put-repo/")) {
        putRepo.put(path.substring("/put-repo/".length()), body);
        send(x, 201, "");
      } else if (method.equals("GET") && path.equals("/index.yaml")) {
        send(x, 200, index(chartMuseum, "charts/"));
      } else if (method.equals("GET") && path.equals("/put-repo/index.yaml")) {
        send(x, 200, index(putRepo, ""));
      } else if (method.equals("GET") && path.startsWith("/charts/")) {
        sendBytes(x, chartMuseum.get(path.substring("/charts/".length())));
      } else if (method.equals("GET") && path.startsWith("/put-repo/")) {
        sendBytes(x, putRepo.get(path.substring("/put-repo/".length())));
      } else if (method.equals("GET") && path.startsWith("/static/") && staticRoot != null && !path.contains("..")) {
        Path file = staticRoot.resolve(path.substring("/static/".length()));
        sendBytes(x, Files.isRegularFile(file) ? Files.readAllBytes(file) : null);
      } else {
        send(x, 404, "{\"error\":\"not found\"}");
      }
    } catch (Exception e) {
      send(x, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
    }
  }

  /** An index.yaml as a repository server generates it from the charts it holds. */
  private static String index(Map<String, byte[]> files, String urlPrefix) throws Exception {
    Map<String, StringBuilder> entries = new TreeMap<>();
    for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
      if (!f.getKey().endsWith(".tgz")) {
        continue;
      }
      ChartMetadata m = ChartArchiveReader.metadata(f.getValue(), f.getKey());
      entries.computeIfAbsent(m.name(), k -> new StringBuilder()).append("  - apiVersion: v2\n    name: ").append(m.name()).append("\n    version: ")
          .append(m.version()).append("\n    digest: ").append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(f.getValue())))
          .append("\n    created: \"2026-11-23T00:00:00Z\"\n    urls:\n      - ").append(urlPrefix).append(f.getKey()).append('\n');
    }
    StringBuilder out = new StringBuilder("apiVersion: v1\nentries:\n");
    entries.forEach((name, list) -> out.append("  ").append(name).append(":\n").append(list));
    return out.append("generated: \"2026-11-23T00:00:00Z\"\n").toString();
  }

  private static void sendBytes(HttpExchange x, byte[] content) throws IOException {
    if (content == null) {
      send(x, 404, "{\"error\":\"not found\"}");
      return;
    }
    x.sendResponseHeaders(200, content.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(content);
    }
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
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
