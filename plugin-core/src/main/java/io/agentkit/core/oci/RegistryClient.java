package io.agentkit.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentkit.core.BuildLog;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The few OCI distribution-spec calls a chart push needs, with authentication and retries. Every
 * request first goes out with the authorization already earned; a 401 is answered once through its
 * challenge (Basic, or a Bearer token from the realm), so anonymous registries cost no extra round
 * trip. Connection failures, 5xx and 429 are retried per {@link RetryPolicy}.
 *
 * <p>Not thread-safe: one client per push.
 */
final class RegistryClient {

  /** What the push knows about credentials: the ones found, if any, and every place looked at. */
  record Auth(Optional<Credentials> credentials, List<String> tried, String serverHint) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SETTING = "chartRepository";

  private final HttpClient http;
  private final String base;
  private final String registry;
  private final boolean plainHttp;
  private final Auth auth;
  private final RetryPolicy retry;
  private final BuildLog log;
  private String authorization;
  private String authorizationSource = "anonymous requests";

  RegistryClient(String registry, boolean plainHttp, ProxySettings proxy, Auth auth, RetryPolicy retry, BuildLog log) {
    // Redirects are not followed: the JDK would send the registry's Authorization header to the new host.
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER);
    if (proxy != null) {
      b.proxy(proxy.selector());
      if (proxy.authenticator() != null) {
        b.authenticator(proxy.authenticator());
      }
    }
    this.http = b.build();
    this.registry = registry;
    this.plainHttp = plainHttp;
    this.base = (plainHttp ? "http://" : "https://") + registry;
    this.auth = auth;
    this.retry = retry;
    this.log = log;
  }

  boolean blobExists(String repository, String digest) throws RegistryException {
    HttpResponse<byte[]> r = send("HEAD", uri("/v2/" + repository + "/blobs/" + digest), null, Map.of());
    return expect(r, "HEAD blob " + digest, 200, 404) == 200;
  }

  /** POST an upload session, then PUT the whole blob into it (the monolithic upload every registry supports). */
  void uploadBlob(String repository, HelmArtifact.Blob blob) throws RegistryException {
    HttpResponse<byte[]> session = send("POST", uri("/v2/" + repository + "/blobs/uploads/"), new byte[0], Map.of());
    expect(session, "starting the upload of " + blob.digest(), 202);
    String location = session.headers().firstValue("Location").orElseThrow(() -> unexpected(session, "the upload session has no Location"));
    URI target = URI.create(base + "/").resolve(location);
    String sep = target.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(target + sep + "digest=" + URLEncoder.encode(blob.digest(), StandardCharsets.UTF_8));
    HttpResponse<byte[]> done = send("PUT", put, blob.content(), Map.of("Content-Type", "application/octet-stream"));
    expect(done, "uploading " + blob.digest(), 201);
  }

  /** The digest of the manifest a tag names, if the tag exists. */
  Optional<String> manifestDigest(String repository, String tag) throws RegistryException {
    HttpResponse<byte[]> r = send("HEAD", uri("/v2/" + repository + "/manifests/" + tag), null, Map.of("Accept", MediaTypes.OCI_MANIFEST));
    return expect(r, "HEAD manifest " + tag, 200, 404) == 200 ? r.headers().firstValue("Docker-Content-Digest") : Optional.empty();
  }

  /** PUTs the manifest under {@code tag}; returns the digest the registry reports. */
  Optional<String> putManifest(String repository, String tag, byte[] manifest) throws RegistryException {
    HttpResponse<byte[]> r = send("PUT", uri("/v2/" + repository + "/manifests/" + tag), manifest, Map.of("Content-Type", MediaTypes.OCI_MANIFEST));
    expect(r, "uploading the manifest", 201);
    return r.headers().firstValue("Docker-Content-Digest");
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private HttpResponse<byte[]> send(String method, URI uri, byte[] body, Map<String, String> headers) throws RegistryException {
    HttpResponse<byte[]> response = sendWithRetries(method, uri, body, headers);
    if (response.statusCode() == 401) {
      Optional<AuthChallenge> challenge = AuthChallenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
      if (challenge.isEmpty()) {
        throw refused(response, "answered 401 without a WWW-Authenticate challenge");
      }
      if (authorization != null && "basic".equals(challenge.get().scheme())) {
        throw refused(response, "refused " + authorizationSource);
      }
      authenticate(challenge.get());
      response = sendWithRetries(method, uri, body, headers);
      if (response.statusCode() == 401) {
        throw refused(response, "refused " + authorizationSource);
      }
    }
    if (response.statusCode() == 403) {
      throw refused(response, "denied access (403) to " + authorizationSource);
    }
    return response;
  }

  private void authenticate(AuthChallenge challenge) throws RegistryException {
    Optional<Credentials> credentials = auth.credentials();
    switch (challenge.scheme()) {
      case "basic" -> {
        Credentials c = credentials.orElseThrow(this::noCredentials);
        authorization = c.basicHeader();
        authorizationSource = "the credentials from " + c;
      }
      case "bearer" -> {
        authorization = "Bearer " + token(challenge, credentials);
        authorizationSource = credentials.map(c -> "the token issued for the credentials from " + c).orElse("an anonymous token");
      }
      default -> throw new RegistryException(SETTING, "registry " + registry + " asks for '" + challenge.scheme() + "' authentication, which is not supported",
          "use a registry with Basic or Bearer token authentication");
    }
    log.debug("Authenticating to " + registry + " with " + authorizationSource);
  }

  /** The Bearer token flow: GET the realm with service and scope, with Basic credentials when there are any. */
  private String token(AuthChallenge challenge, Optional<Credentials> credentials) throws RegistryException {
    String realm = challenge.get("realm");
    if (realm == null || realm.isEmpty()) {
      throw new RegistryException(SETTING, "registry " + registry + " sent a Bearer challenge without a realm", "check the registry's token configuration");
    }
    StringBuilder query = new StringBuilder();
    if (challenge.get("service") != null) {
      query.append("service=").append(URLEncoder.encode(challenge.get("service"), StandardCharsets.UTF_8));
    }
    if (challenge.get("scope") != null) {
      for (String scope : challenge.get("scope").split(" ")) {
        query.append(query.length() == 0 ? "" : "&").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
      }
    }
    URI uri = URI.create(realm + (query.length() == 0 ? "" : (realm.contains("?") ? "&" : "?") + query));
    Map<String, String> headers = credentials.map(c -> Map.of("Authorization", c.basicHeader())).orElse(Map.of());
    HttpResponse<byte[]> r = sendWithRetries("GET", uri, null, headers, false);
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw credentials.isPresent()
          ? refusedBy(r, "token service " + realm + " refused the credentials from " + credentials.get())
          : noCredentials();
    }
    if (r.statusCode() != 200) {
      throw unexpected(r, "token service " + realm + " answered " + r.statusCode());
    }
    try {
      JsonNode json = JSON.readTree(r.body());
      String token = json.path("token").asText(json.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw unexpected(r, "token service " + realm + " returned no token");
      }
      return token;
    } catch (IOException e) {
      throw unexpected(r, "token service " + realm + " returned no JSON");
    }
  }

  private HttpResponse<byte[]> sendWithRetries(String method, URI uri, byte[] body, Map<String, String> headers) throws RegistryException {
    return sendWithRetries(method, uri, body, headers, true);
  }

  private HttpResponse<byte[]> sendWithRetries(String method, URI uri, byte[] body, Map<String, String> headers, boolean authorized) throws RegistryException {
    IOException lastFailure = null;
    HttpResponse<byte[]> response = null;
    for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(request::header);
      if (authorized && authorization != null) {
        request.header("Authorization", authorization);
      }
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        lastFailure = null;
        if (response.statusCode() < 500 && response.statusCode() != 429) {
          return response;
        }
      } catch (SSLException e) {
        throw new RegistryException(SETTING, "TLS with " + registry + " failed: " + e.getMessage(),
            plainHttp ? "check the registry's certificate" : "if the registry speaks plain HTTP (a local test registry), set plainHttp=true; otherwise make the JVM trust its certificate");
      } catch (IOException e) {
        lastFailure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException(SETTING, "interrupted while talking to " + registry, null);
      }
      if (attempt < retry.attempts()) {
        Duration wait = retry.delayAfter(attempt);
        log.warn(method + " " + uri + (lastFailure != null ? " failed: " + describe(lastFailure) : " answered " + response.statusCode())
            + "; retrying in " + wait.toMillis() + " ms (attempt " + (attempt + 1) + " of " + retry.attempts() + ")");
        sleep(wait);
      }
    }
    if (lastFailure != null) {
      throw new RegistryException(SETTING, "registry " + registry + " is not reachable (" + (plainHttp ? "http" : "https") + "): " + describe(lastFailure)
          + " after " + retry.attempts() + " attempts", "check the host and port in the reference, that the registry is running, and the proxy settings");
    }
    return response;
  }

  private int expect(HttpResponse<byte[]> r, String what, int... ok) throws RegistryException {
    for (int status : ok) {
      if (r.statusCode() == status) {
        return status;
      }
    }
    throw unexpected(r, what + " answered " + r.statusCode());
  }

  private RegistryException unexpected(HttpResponse<byte[]> r, String what) {
    String body = new String(r.body() == null ? new byte[0] : r.body(), StandardCharsets.UTF_8).strip();
    String fix = r.statusCode() == 400 && !plainHttp && body.contains("HTTP request to an HTTPS server") ? "unset plainHttp" : "check the registry's logs";
    return new RegistryException(SETTING, "registry " + registry + ": " + what + " (" + r.request().method() + " " + r.uri() + ")"
        + (body.isEmpty() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body)), fix);
  }

  private RegistryException refused(HttpResponse<byte[]> r, String what) {
    if (authorization == null && auth.credentials().isEmpty()) {
      return noCredentials();
    }
    return refusedBy(r, "registry " + registry + " " + what);
  }

  private RegistryException refusedBy(HttpResponse<byte[]> r, String what) {
    return new RegistryException(auth.serverHint(), what + " with " + r.statusCode() + " for " + r.request().method() + " " + r.uri().getPath(),
        "check that user's password or token and its push permission for this repository");
  }

  private RegistryException noCredentials() {
    return new RegistryException(auth.serverHint(), "registry " + registry + " requires authentication, and no credentials were found (looked at: "
        + String.join(", ", auth.tried()) + ")", "add a <server> with that id, username and password to settings.xml, set the environment variables "
        + CredentialLookup.USERNAME_VARIABLE + " and " + CredentialLookup.PASSWORD_VARIABLE + ", or log in with helm registry login");
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : " " + m);
  }

  private static void sleep(Duration d) throws RegistryException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(SETTING, "interrupted while waiting to retry", null);
    }
  }
}
