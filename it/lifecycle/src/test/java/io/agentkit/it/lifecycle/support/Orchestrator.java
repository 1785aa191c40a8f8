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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The reference orchestrator as a separate process on 127.0.0.1, with an API token of 40
 * characters (the hardened orchestrator wants at least 32) and its self-signed certificate, which
 * the plugin trusts through apiCaFile and the agents through TUNNEL_CA_BUNDLE.
 */
public final class Orchestrator implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("msg=Listening component=(\\w+) url=\\w+://127\\.0\\.0\\.1:(\\d+)");

  public final String token;
  private final Path dir;
  /** Ports the kernel picked (the orchestrator binds port 0), read back from its "Listening" lines. */
  private final int apiPort;
  private final int tunnelPort;
  private final int proxyPort;
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
        "--data-dir=" + dir.resolve("orchestrator"), "--api-port=0", "--tunnel-port=0", "--proxy-port=0",
        "--open-timeout-ms=5000", "--tls-names=" + tlsNames), Map.of("ORCHESTRATOR_TOKEN", token), dir.resolve("logs"));
    Map<String, Integer> bound;
    try {
      bound = listening(process);
    } catch (RuntimeException | Error | InterruptedException e) {
      try {
        process.close();
      } catch (AssertionError closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    apiPort = bound.get("api");
    tunnelPort = bound.get("tunnel");
    proxyPort = bound.get("proxy");
    http = HttpClient.newBuilder().sslContext(trusting(certificate())).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Waits until the orchestrator is ready and returns the ports its three listeners bound. */
  private static Map<String, Integer> listening(Jvm process) throws InterruptedException {
    process.await("msg=\"Orchestrator ready\"", 1, Duration.ofSeconds(60));
    Map<String, Integer> bound = new HashMap<>();
    for (String line : process.lines()) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        bound.put(m.group(1), Integer.parseInt(m.group(2)));
      }
    }
    if (!bound.keySet().equals(Set.of("api", "tunnel", "proxy"))) {
      throw new AssertionError("the orchestrator did not log its three listening URLs: " + process.output());
    }
    return bound;
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
