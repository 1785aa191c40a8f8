package io.agentkit.it.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Docker token service, as registries such as Harbor and GHCR run: checks Basic credentials and
 * issues a JWT (RS256, certificate in x5c) granting pull and push on the requested repository. The
 * signing certificate comes from the JDK's keytool, and the registry trusts it through
 * {@link #certificate()}.
 */
final class TokenServer implements AutoCloseable {

  static final String SERVICE = "agent-kit-test-registry";
  static final String ISSUER = "agent-kit-test-issuer";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final PrivateKey key;
  private final X509Certificate cert;
  private final Path certificate;
  private final String user;
  private final String password;
  final AtomicInteger tokensIssued = new AtomicInteger();
  /** Every request the token service received, with or without credentials. */
  final AtomicInteger requests = new AtomicInteger();

  private TokenServer(HttpServer server, PrivateKey key, X509Certificate cert, Path certificate, String user, String password) {
    this.server = server;
    this.key = key;
    this.cert = cert;
    this.certificate = certificate;
    this.user = user;
    this.password = password;
  }

  static TokenServer start(Path dir, String user, String password) throws Exception {
    Path keystore = dir.resolve("token-signer.p12");
    Proc.Result r = Proc.run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "token",
        "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + ISSUER, "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", "changeit", "-keypass", "changeit"), Map.of(), dir, Duration.ofMinutes(1));
    if (r.exit() != 0) {
      throw new IllegalStateException("keytool failed: " + r.all());
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    PrivateKey key = (PrivateKey) ks.getKey("token", "changeit".toCharArray());
    X509Certificate cert = (X509Certificate) ks.getCertificate("token");
    Path pem = dir.resolve("token-signer.crt");
    Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    TokenServer ts = new TokenServer(server, key, cert, pem, user, password);
    server.createContext("/token", exchange -> {
      ts.requests.incrementAndGet();
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      byte[] body;
      int status;
      if (!expected.equals(auth)) {
        status = 401;
        body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}".getBytes(StandardCharsets.UTF_8);
      } else {
        status = 200;
        body = ts.tokenFor(scopeRepository(exchange.getRequestURI().getRawQuery())).getBytes(StandardCharsets.UTF_8);
        ts.tokensIssued.incrementAndGet();
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return ts;
  }

  /** The same service under the name localhost: another host than a registry on 127.0.0.1. */
  String realmOnOtherHost() {
    return "http://localhost:" + server.getAddress().getPort() + "/token";
  }

  String realm() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  Path certificate() {
    return certificate;
  }

  private String tokenFor(String repository) {
    try {
      ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
      header.putArray("x5c").add(Base64.getEncoder().encodeToString(cert.getEncoded()));
      long now = Instant.now().getEpochSecond();
      ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", user).put("aud", SERVICE)
          .put("exp", now + 300).put("nbf", now - 10).put("iat", now).put("jti", UUID.randomUUID().toString());
      ObjectNode access = claims.putArray("access").addObject().put("type", "repository").put("name", repository);
      access.putArray("actions").add("pull").add("push");
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String signingInput = b64.encodeToString(JSON.writeValueAsBytes(header)) + "." + b64.encodeToString(JSON.writeValueAsBytes(claims));
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      String jwt = signingInput + "." + b64.encodeToString(s.sign());
      return JSON.writeValueAsString(JSON.createObjectNode().put("token", jwt).put("expires_in", 300));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code scope=repository:NAME:pull,push} → NAME */
  private static String scopeRepository(String query) {
    for (String pair : query == null ? new String[0] : query.split("&")) {
      if (pair.startsWith("scope=")) {
        String scope = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
        String[] parts = scope.split(":");
        if (parts.length == 3 && parts[0].equals("repository")) {
          return parts[1];
        }
      }
    }
    return "";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
