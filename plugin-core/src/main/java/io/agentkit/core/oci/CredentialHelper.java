package io.agentkit.core.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A Docker credential helper ({@code docker-credential-<name>}, as {@code credHelpers} and
 * {@code credsStore} in config.json name it), run the way Docker runs it: {@code get} with the
 * registry host on standard input, {@code {"Username": ..., "Secret": ...}} on standard output. Its
 * output is a secret: it never reaches a log or a message, only its exit code does.
 */
final class CredentialHelper {

  /** What a run found. */
  sealed interface Outcome {
    record Found(String username, String secret) implements Outcome {}

    record NotFound(String why) implements Outcome {}
  }

  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*$");
  private static final int MAX_OUTPUT = 64 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private CredentialHelper() {}

  /**
   * @param name the helper's name in config.json, e.g. {@code ecr-login}
   * @param configFile the config.json naming it, for messages
   * @param env the environment: its PATH is searched, and the helper runs with it
   */
  static Outcome get(String name, String registry, Path configFile, Map<String, String> env) throws RegistryException {
    String program = "docker-credential-" + name;
    if (!NAME.matcher(name).matches()) {
      throw new RegistryException(null, configFile + " names the credential helper '" + name + "', which is not a program name",
          "fix credHelpers/credsStore in " + configFile);
    }
    Optional<Path> executable = onPath(program, env.get("PATH"));
    if (executable.isEmpty()) {
      return new Outcome.NotFound(program + " is not on PATH");
    }
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder(executable.get().toString(), "get").redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().clear();
      pb.environment().putAll(env);
      p = pb.start();
    } catch (IOException e) {
      throw new RegistryException(null, "the credential helper " + executable.get() + " (named in " + configFile + ") could not be started: " + e.getMessage(),
          "check that it is executable, or remove it from " + configFile);
    }
    byte[] out;
    try (OutputStream stdin = p.getOutputStream()) {
      // Read on another thread, so that a helper that hangs with its output open still times out.
      InputStream stdout = p.getInputStream();
      CompletableFuture<byte[]> reading = CompletableFuture.supplyAsync(() -> {
        try {
          return stdout.readNBytes(MAX_OUTPUT + 1);
        } catch (IOException e) {
          return new byte[0];
        }
      });
      try {
        stdin.write(registry.getBytes(StandardCharsets.UTF_8));
        stdin.close();
      } catch (IOException e) {
        // A helper that exits without reading its input: its exit code and output still say what happened.
      }
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw failed(executable.get(), configFile, "did not finish within " + TIMEOUT.toSeconds() + " s");
      }
      out = reading.get(10, TimeUnit.SECONDS);
    } catch (IOException | ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      throw failed(executable.get(), configFile, "could not be talked to (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw failed(executable.get(), configFile, "was interrupted");
    }
    if (out.length > MAX_OUTPUT) {
      throw failed(executable.get(), configFile, "wrote more than " + MAX_OUTPUT + " bytes");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      // The helpers' protocol: "credentials not found in native keychain" on stdout, exit 1.
      if (text.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
        return new Outcome.NotFound(program + " has no credentials for " + registry);
      }
      throw failed(executable.get(), configFile, "exited with " + p.exitValue());
    }
    JsonNode json;
    try {
      json = JSON.readTree(text);
    } catch (IOException e) {
      throw failed(executable.get(), configFile, "printed something that is not JSON");
    }
    String username = json == null ? "" : json.path("Username").asText("");
    String secret = json == null ? "" : json.path("Secret").asText("");
    if (username.isEmpty() || secret.isEmpty()) {
      throw failed(executable.get(), configFile, "printed JSON without Username and Secret");
    }
    if (username.equals("<token>")) {
      throw new RegistryException(null, "the credential helper " + program + " returned an identity token (OAuth refresh token) for " + registry
          + ", which push-chart does not exchange", "give a username and password or access token instead (settings.xml <server>, or "
          + CredentialLookup.USERNAME_VARIABLE + "/" + CredentialLookup.PASSWORD_VARIABLE + ")");
    }
    return new Outcome.Found(username, secret);
  }

  private static RegistryException failed(Path helper, Path configFile, String what) {
    return new RegistryException(null, "the credential helper " + helper + " (named in " + configFile + ") " + what + "; its output is not shown, as it may hold a secret",
        "run 'echo <registry host> | " + helper.getFileName() + " get' to see what it says, fix or log in again, or give credentials in settings.xml");
  }

  private static Optional<Path> onPath(String program, String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
