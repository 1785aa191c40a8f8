package io.agentkit.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The Bearer token flow of a registry's challenge: GET the realm with service and scope, with Basic
 * credentials only when {@link AuthRealms} lets the realm have them. A realm that may not have them
 * fails the push before anything is sent there, naming the fix.
 */
final class BearerToken {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryHttp http;
  private final AuthRealms realms;
  private final RegistryCredentials credentials;
  private String source = "an anonymous token";

  BearerToken(RegistryHttp http, AuthRealms realms, RegistryCredentials credentials) {
    this.http = http;
    this.realms = realms;
    this.credentials = credentials;
  }

  /** What the token was issued for, for messages. */
  String source() {
    return source;
  }

  String fetch(AuthChallenge challenge) throws RegistryException {
    String registry = http.registry();
    String realm = challenge.get("realm");
    if (realm == null || realm.isEmpty()) {
      throw new RegistryException(RegistryHttp.SETTING, "registry " + registry + " sent a Bearer challenge without a realm", "check the registry's token configuration");
    }
    URI realmUri;
    try {
      realmUri = URI.create(realm);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(RegistryHttp.SETTING, "registry " + registry + " named a token service that is not a URL", "check the registry's token configuration");
    }
    if (realmUri.getScheme() == null || !(realmUri.getScheme().equalsIgnoreCase("https") || realmUri.getScheme().equalsIgnoreCase("http")) || realmUri.getHost() == null) {
      throw new RegistryException(RegistryHttp.SETTING, "registry " + registry + " named a token service that is not an http(s) URL: " + realm,
          "check the registry's token configuration");
    }
    Optional<Credentials> c = credentials.get();
    if (c.isPresent()) {
      String refusal = realms.refusal(realmUri);
      if (refusal != null) {
        throw new RegistryException("trustedAuthRealms", "registry " + registry + " asks for a token from " + Origin.of(realmUri)
            + ", and the credentials from " + c.get() + " were not sent there: " + refusal,
            "if that is the registry's own token service (Docker Hub's is auth.docker.io), add its host to trustedAuthRealms (-Dhumanitec-agent.trustedAuthRealms="
                + Origin.of(realmUri).host() + ")");
      }
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
    HttpResponse<byte[]> r = http.sendWithRetries("GET", uri, null, Map.of(), c.map(Credentials::basicHeader).orElse(null));
    String where = realmUri.getScheme() + "://" + realmUri.getHost() + (realmUri.getPort() < 0 ? "" : ":" + realmUri.getPort()) + realmUri.getRawPath();
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw c.isPresent() ? credentials.refused("token service " + where + " refused the credentials from " + c.get() + " with " + r.statusCode()) : credentials.missing();
    }
    if (r.statusCode() != 200) {
      throw http.unexpected(r, "token service " + where + " answered " + r.statusCode());
    }
    try {
      JsonNode json = JSON.readTree(r.body());
      String token = json.path("token").asText(json.path("access_token").asText(""));
      if (token.isEmpty()) {
        // Not the body: it may hold a token under a name this client does not know.
        throw new RegistryException(RegistryHttp.SETTING, "token service " + where + " returned no token", "check the registry's token configuration");
      }
      source = c.map(cr -> "the token issued for the credentials from " + cr).orElse("an anonymous token");
      return token;
    } catch (IOException e) {
      throw new RegistryException(RegistryHttp.SETTING, "token service " + where + " returned no JSON", "check the registry's token configuration");
    }
  }
}
