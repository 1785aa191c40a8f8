package io.agentkit.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds credentials for a registry in the places Maven and container users keep them, in order: a
 * settings.xml server (resolved and decrypted by the Maven adapter), environment variables, Docker's
 * config.json, then Helm's registry config.json. In a config.json, the credential helper it names
 * for the registry ({@code credHelpers}, else {@code credsStore}) is asked first, then its
 * {@code auths} entry. Remembers what it tried, so a refusal can say so.
 */
public final class CredentialLookup {

  public static final String USERNAME_VARIABLE = "HUMANITEC_AGENT_REGISTRY_USERNAME";
  public static final String PASSWORD_VARIABLE = "HUMANITEC_AGENT_REGISTRY_PASSWORD";

  private static final String ENVIRONMENT = "environment variables " + USERNAME_VARIABLE + "/" + PASSWORD_VARIABLE;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> tried = new ArrayList<>();

  /**
   * @param registry {@code host[:port]}
   * @param fromSettings credentials of the settings.xml server, or null
   * @param serverDescription what the Maven adapter looked for, e.g. "settings.xml server 'ghcr.io'"
   * @param env the environment
   * @param userHome for ~/.docker and ~/.config/helm
   */
  public Optional<Credentials> find(String registry, Credentials fromSettings, String serverDescription, Map<String, String> env, Path userHome)
      throws RegistryException {
    tried.add(serverDescription);
    if (fromSettings != null) {
      return Optional.of(fromSettings);
    }
    tried.add(ENVIRONMENT);
    String user = env.get(USERNAME_VARIABLE);
    String password = env.get(PASSWORD_VARIABLE);
    if (user != null && !user.isEmpty() && password != null) {
      return Optional.of(new Credentials(user, password, ENVIRONMENT));
    }
    for (Path config : configFiles(env, userHome)) {
      Optional<Credentials> c = fromConfigJson(config, registry, env);
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.empty();
  }

  /** Every place looked at, in order, for messages. */
  public List<String> tried() {
    return List.copyOf(tried);
  }

  private static List<Path> configFiles(Map<String, String> env, Path userHome) {
    List<Path> files = new ArrayList<>();
    String dockerConfig = env.get("DOCKER_CONFIG");
    files.add(dockerConfig != null && !dockerConfig.isEmpty() ? Path.of(dockerConfig, "config.json") : userHome.resolve(".docker/config.json"));
    String helmRegistryConfig = env.get("HELM_REGISTRY_CONFIG");
    if (helmRegistryConfig != null && !helmRegistryConfig.isEmpty()) {
      files.add(Path.of(helmRegistryConfig));
    } else {
      String xdg = env.get("XDG_CONFIG_HOME");
      Path configHome = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : userHome.resolve(".config");
      files.add(configHome.resolve("helm/registry/config.json"));
    }
    return files;
  }

  /**
   * The credential helper the file names for the registry, then its {@code auths} entry: {@code auth}
   * is base64 of user:password; keys may carry a scheme or path.
   */
  private Optional<Credentials> fromConfigJson(Path file, String registry, Map<String, String> env) throws RegistryException {
    if (!Files.isRegularFile(file)) {
      tried.add(file + " (absent)");
      return Optional.empty();
    }
    JsonNode config;
    try {
      config = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new RegistryException(null, file + " is not valid JSON, so its registry credentials cannot be read", "fix or remove it");
    }
    if (config == null || !config.isObject()) {
      throw new RegistryException(null, file + " is not a JSON object, so its registry credentials cannot be read", "fix or remove it");
    }
    String helper = config.path("credHelpers").path(registry).asText(config.path("credsStore").asText(""));
    if (!helper.isEmpty()) {
      CredentialHelper.Outcome outcome = CredentialHelper.get(helper, registry, file, env);
      if (outcome instanceof CredentialHelper.Outcome.Found f) {
        return Optional.of(new Credentials(f.username(), f.secret(), "credential helper docker-credential-" + helper + " (named in " + file + ")"));
      }
      tried.add("credential helper docker-credential-" + helper + " named in " + file + " (" + ((CredentialHelper.Outcome.NotFound) outcome).why() + ")");
    }
    tried.add(file.toString());
    JsonNode auths = config.path("auths");
    for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!hostOf(e.getKey()).equals(registry)) {
        continue;
      }
      String auth = e.getValue().path("auth").asText("");
      if (auth.isEmpty()) {
        continue;
      }
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException ex) {
        throw new RegistryException(null, file + ": the auth entry for " + registry + " is not base64", "log in again (docker login or helm registry login)");
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw new RegistryException(null, file + ": the auth entry for " + registry + " is not user:password", "log in again (docker login or helm registry login)");
      }
      return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1), file + " (" + e.getKey() + ")"));
    }
    return Optional.empty();
  }

  private static String hostOf(String key) {
    String k = key.replaceFirst("^[a-z]+://", "");
    int slash = k.indexOf('/');
    return slash < 0 ? k : k.substring(0, slash);
  }
}
