package io.agentkit.it.lifecycle.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The reference orchestrator as a separate process on 127.0.0.1, with an API token of 40
 * characters (the hardened orchestrator wants at least 32) and its self-signed certificate, which
 * the plugin trusts through apiCaFile and the agents through TUNNEL_CA_BUNDLE.
 */
public final class Orchestrator implements AutoCloseable {

  public final String token;
  private final Path dir;
  private final int apiPort = ItEnv.freePort();
  private final int tunnelPort = ItEnv.freePort();
  private final int proxyPort = ItEnv.freePort();
  private final Jvm process;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public Orchestrator(Path dir) throws Exception {
    this(dir, "localhost");
  }

  /** @param tlsNames DNS names of its self-signed certificate (127.0.0.1 is always among its addresses) */
  public Orchestrator(Path dir, String tlsNames) throws Exception {
    this.dir = dir;
    byte[] random = new byte[20];
    new SecureRandom().nextBytes(random);
    this.token = HexFormat.of().formatHex(random);
    process = Jvm.start("orchestrator", List.of(ItEnv.java(), "-Xmx256m", "-jar", ItEnv.orchestratorJar().toString(),
        "--data-dir=" + dir.resolve("orchestrator"), "--api-port=" + apiPort, "--tunnel-port=" + tunnelPort, "--proxy-port=" + proxyPort,
        "--open-timeout-ms=5000", "--tls-names=" + tlsNames), Map.of("ORCHESTRATOR_TOKEN", token), dir.resolve("logs"));
    process.await("msg=\"Orchestrator ready\"", 1, Duration.ofSeconds(60));
    http = HttpClient.newBuilder().sslContext(trusting(certificate())).connectTimeout(Duration.ofSeconds(5)).build();
  }

  public String apiUrl() {
    return "https://127.0.0.1:" + apiPort;
  }

  /** The API by one of its certificate's names, e.g. to be reached through a proxy. */
  public String apiUrl(String host) {
    return "https://" + host + ":" + apiPort;
  }

  public String tunnelUrl() {
    return "wss://127.0.0.1:" + tunnelPort + "/tunnel";
  }

  public int proxyPort() {
    return proxyPort;
  }

  public Path certificate() {
    return dir.resolve("orchestrator/tls/cert.pem");
  }

  public Jvm process() {
    return process;
  }

  /** The CONNECT proxy's password for {@code org}: a proxy token of that organization ({@code POST /orgs/{org}/proxy-tokens}). */
  public String proxyPassword(String org) throws Exception {
    HttpResponse<String> r = call("POST", "/orgs/" + org + "/proxy-tokens", "{\"description\":\"lifecycle test\"}");
    if (r.statusCode() != 200) {
      throw new AssertionError("POST proxy-tokens answered " + r.statusCode() + " " + r.body());
    }
    return json.readTree(r.body()).path("token").asText();
  }

  /** The agent's keys as the API lists them. */
  public JsonNode keys(String org, String agent) throws Exception {
    HttpResponse<String> r = call("GET", "/orgs/" + org + "/agents/" + agent + "/keys", null);
    return json.readTree(r.body());
  }

  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl() + path)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static SSLContext trusting(Path cert) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      store.setCertificateEntry("orchestrator", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  @Override
  public void close() {
    process.close();
  }
}
