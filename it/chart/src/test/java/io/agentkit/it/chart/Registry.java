package io.agentkit.it.chart;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real OCI registry: Debian's docker-registry (CNCF distribution) on 127.0.0.1, storing into a
 * temporary directory, with optional auth configuration. Stopped by {@link #close()}.
 */
final class Registry implements AutoCloseable {

  /** distribution logs the address it bound: {@code msg="listening on 127.0.0.1:36423"}. */
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final Path log;
  private int port;

  private Registry(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static Registry anonymous(Path dir) throws Exception {
    return start(dir, "");
  }

  /** Basic auth against an htpasswd file of bcrypt entries. */
  static Registry htpasswd(Path dir, Path htpasswd) throws Exception {
    return start(dir, "auth:\n  htpasswd:\n    realm: agent-kit-test\n    path: " + htpasswd + "\n");
  }

  /** Bearer token auth: tokens from {@code realm}, signed by the key of {@code certificate}. */
  static Registry token(Path dir, String realm, String service, String issuer, Path certificate) throws Exception {
    return start(dir, "auth:\n  token:\n    realm: " + realm + "\n    service: " + service + "\n    issuer: " + issuer
        + "\n    rootcertbundle: " + certificate + "\n");
  }

  private static Registry start(Path dir, String auth) throws Exception {
    Path binary = Tools.dockerRegistry();
    Files.createDirectories(dir);
    Path config = dir.resolve("config.yml");
    Files.writeString(config, "version: 0.1\nlog:\n  level: info\n  accesslog:\n    disabled: false\nstorage:\n  filesystem:\n    rootdirectory: "
        + dir.resolve("data") + "\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:0\n" + auth);
    Path log = dir.resolve("registry.log");
    Process p = new ProcessBuilder(binary.toString(), "serve", config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Registry registry = new Registry(p, log);
    registry.awaitReady();
    return registry;
  }

  /** {@code 127.0.0.1:port} */
  String host() {
    return "127.0.0.1:" + port;
  }

  String reference(String path) {
    return "oci://" + host() + "/" + path;
  }

  /** Requests the registry logged, e.g. to count blob uploads. */
  String log() throws IOException {
    return Files.readString(log);
  }

  /** Reads the port the registry bound (it was given port 0) from its log, then waits until it answers. */
  private void awaitReady() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("docker-registry exited: " + Files.readString(log));
      }
      if (port == 0) {
        Matcher m = LISTENING.matcher(Files.readString(log));
        if (!m.find()) {
          Thread.sleep(50);
          continue;
        }
        port = Integer.parseInt(m.group(1));
      }
      try {
        http.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).build(), HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    close();
    throw new IllegalStateException("docker-registry did not " + (port == 0 ? "log its port" : "answer on " + host()) + ": " + Files.readString(log));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
