package io.agentkit.core.oci;

import io.agentkit.core.BuildLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * HTTP to one registry (or chart repository) with its authentication, retries and redirects, and
 * with its credentials kept to it: the Authorization it earned is attached only to requests to the
 * registry's own origin (scheme, host and port); a request to any other origin (an absolute upload
 * location, a redirect to blob storage) goes without it, as Go's and Helm's clients do. Only GET and
 * HEAD follow redirects. A 401 is answered once through its challenge, and only for the registry's
 * own origin; Basic credentials go to a Bearer token service only when {@link AuthRealms} allows it.
 *
 * <p>Not thread-safe: one per push.
 */
final class RegistryHttp {

  static final String SETTING = "chartRepository";
  private static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  /**
   * Responses are read into memory up to this size: error bodies and tokens are small, and the largest
   * expected is a chart archive an HTTP repository already holds (Helm charts are kilobytes to a few MiB).
   */
  private static final int MAX_BODY = 32 << 20;

  private final HttpClient http;
  private final Origin own;
  private final String registry;
  private final Connection connection;
  private final RegistryCredentials credentials;
  private final BuildLog log;
  private final AuthRealms realms;
  private String authorization;
  private String authorizationSource = "anonymous requests";

  /**
   * @param base the registry's root, {@code https://host[:port]} (or {@code http://} with plainHttp)
   */
  RegistryHttp(URI base, Connection connection, RegistryCredentials credentials, BuildLog log) throws RegistryException {
    this.own = Origin.of(base);
    this.registry = base.getRawAuthority();
    this.connection = connection;
    this.credentials = credentials;
    this.log = log;
    this.realms = new AuthRealms(own, connection);
    // Redirects are never followed by the JDK: it would send the registry's Authorization header to the new host.
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER);
    if (own.scheme().equals("https")) {
      b.sslContext(TlsContexts.create(own.bareHost(), connection.tls(), log));
    }
    if (connection.proxy() != null) {
      b.proxy(connection.proxy().selector());
      if (connection.proxy().authenticator() != null) {
        b.authenticator(connection.proxy().authenticator());
      }
    }
    this.http = b.build();
  }

  String registry() {
    return registry;
  }

  /**
   * Sends a request, answering the registry's 401 challenge once and following redirects of GET and
   * HEAD. A 403 fails, naming the credentials used.
   */
  HttpResponse<byte[]> send(String method, URI uri, byte[] body, Map<String, String> headers) throws RegistryException {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      HttpResponse<byte[]> response = sendAuthenticated(method, current, body, headers);
      if (REDIRECTS.contains(response.statusCode()) && (method.equals("GET") || method.equals("HEAD"))) {
        Optional<String> location = response.headers().firstValue("Location");
        if (location.isEmpty()) {
          throw unexpected(response, "redirect without a Location");
        }
        if (hop >= MAX_REDIRECTS) {
          throw unexpected(response, "more than " + MAX_REDIRECTS + " redirects");
        }
        URI next = current.resolve(location.get());
        if (!next.getScheme().equalsIgnoreCase("https") && !next.getScheme().equalsIgnoreCase("http")) {
          throw unexpected(response, "redirect to a " + next.getScheme() + " URL");
        }
        log.debug(method + " " + current.getPath() + " redirected to " + Origin.of(next)
            + (Origin.of(next).equals(own) ? "" : " (another origin: sent without the registry's authorization)"));
        current = next;
        continue;
      }
      if (response.statusCode() == 403) {
        throw refused(response, "denied access (403) to " + authorizationSource);
      }
      return response;
    }
  }

  private HttpResponse<byte[]> sendAuthenticated(String method, URI uri, byte[] body, Map<String, String> headers) throws RegistryException {
    boolean ownOrigin = Origin.of(uri).equals(own);
    HttpResponse<byte[]> response = sendWithRetries(method, uri, body, headers, ownOrigin ? authorization : null);
    if (response.statusCode() != 401) {
      return response;
    }
    if (!ownOrigin) {
      throw new RegistryException(SETTING, "registry " + registry + " sent the request to " + Origin.of(uri) + ", which asks for authentication (401 for "
          + method + " " + uri.getPath() + "); the registry's credentials are never sent to another host", "check the registry's storage configuration");
    }
    Optional<AuthChallenge> challenge = AuthChallenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
    if (challenge.isEmpty()) {
      throw refused(response, "answered 401 without a WWW-Authenticate challenge");
    }
    if (authorization != null && "basic".equals(challenge.get().scheme())) {
      throw refused(response, "refused " + authorizationSource);
    }
    authenticate(challenge.get());
    response = sendWithRetries(method, uri, body, headers, authorization);
    if (response.statusCode() == 401) {
      throw refused(response, "refused " + authorizationSource);
    }
    return response;
  }

  private void authenticate(AuthChallenge challenge) throws RegistryException {
    switch (challenge.scheme()) {
      case "basic" -> {
        Credentials c = credentials.get().orElseThrow(credentials::missing);
        authorization = c.basicHeader();
        authorizationSource = "the credentials from " + c;
      }
      case "bearer" -> {
        BearerToken token = new BearerToken(this, realms, credentials);
        authorization = "Bearer " + token.fetch(challenge);
        authorizationSource = token.source();
      }
      default -> throw new RegistryException(SETTING, "registry " + registry + " asks for '" + challenge.scheme() + "' authentication, which is not supported",
          "use a registry with Basic or Bearer token authentication");
    }
    log.debug("Authenticating to " + registry + " with " + authorizationSource);
  }

  /** One request, retried on connection failures, 5xx and 429; {@code authorizationHeader} may be null. */
  HttpResponse<byte[]> sendWithRetries(String method, URI uri, byte[] body, Map<String, String> headers, String authorizationHeader)
      throws RegistryException {
    RetryPolicy retry = connection.retry();
    IOException lastFailure = null;
    HttpResponse<byte[]> response = null;
    for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(request::header);
      if (authorizationHeader != null) {
        request.header("Authorization", authorizationHeader);
      }
      try {
        response = http.send(request.build(), BoundedBody.handler(MAX_BODY));
        lastFailure = null;
        if (response.statusCode() < 500 && response.statusCode() != 429) {
          return response;
        }
      } catch (SSLException e) {
        throw new RegistryException(SETTING, "TLS with " + uri.getRawAuthority() + " failed: " + e.getMessage(), connection.plainHttp()
            ? "check the registry's certificate"
            : "if the registry speaks plain HTTP (a local test registry), set plainHttp=true; if its certificate comes from a private CA, set caFile "
                + "to that CA's PEM file; for a self-signed test registry on this machine, insecure=true");
      } catch (IOException e) {
        lastFailure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException(SETTING, "interrupted while talking to " + registry, null);
      }
      if (attempt < retry.attempts()) {
        Duration wait = retry.delayAfter(attempt);
        log.warn(method + " " + withoutQuery(uri) + (lastFailure != null ? " failed: " + describe(lastFailure) : " answered " + response.statusCode())
            + "; retrying in " + wait.toMillis() + " ms (attempt " + (attempt + 1) + " of " + retry.attempts() + ")");
        sleep(wait);
      }
    }
    if (lastFailure != null) {
      throw new RegistryException(SETTING, "registry " + uri.getRawAuthority() + " is not reachable (" + uri.getScheme() + "): " + describe(lastFailure)
          + " after " + retry.attempts() + " attempts", "check the host and port in the reference, that the registry is running, and the proxy settings");
    }
    return response;
  }

  int expect(HttpResponse<byte[]> r, String what, int... ok) throws RegistryException {
    for (int status : ok) {
      if (r.statusCode() == status) {
        return status;
      }
    }
    throw unexpected(r, what + " answered " + r.statusCode());
  }

  RegistryException unexpected(HttpResponse<byte[]> r, String what) {
    String body = new String(r.body() == null ? new byte[0] : r.body(), StandardCharsets.UTF_8).strip();
    String fix = r.statusCode() == 400 && !connection.plainHttp() && body.contains("HTTP request to an HTTPS server") ? "unset plainHttp" : "check the registry's logs";
    return new RegistryException(SETTING, "registry " + registry + ": " + what + " (" + r.request().method() + " " + withoutQuery(r.uri()) + ")"
        + (body.isEmpty() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body)), fix);
  }

  private RegistryException refused(HttpResponse<byte[]> r, String what) throws RegistryException {
    if (authorization == null && credentials.get().isEmpty()) {
      return credentials.missing();
    }
    return credentials.refused("registry " + registry + " " + what + " with " + r.statusCode() + " for " + r.request().method() + " " + r.uri().getPath());
  }

  /** Upload locations carry session state in the query; messages show the path only. */
  private static String withoutQuery(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
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
