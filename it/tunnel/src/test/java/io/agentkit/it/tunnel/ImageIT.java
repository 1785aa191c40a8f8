package io.agentkit.it.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.ExternalTool;
import io.agentkit.it.tunnel.support.ItEnv;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.it.tunnel.support.ProcStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image we ship, run the way a pod runs it: its layers unpacked by umoci into a root filesystem,
 * started under bubblewrap as uid 1000 with a read-only root and the key mounted read-only with mode
 * 0600, connected to the reference orchestrator, carrying a request to a TLS target.
 */
class ImageIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** "[12.345s][info][trimnative] Periodic Trim (7): 71412K->63240K (-8172K) 0.210ms" */
  private static final Pattern TRIM = Pattern.compile("\\[trimnative\\] Periodic Trim \\(\\d+\\): (\\d+[BKMG])->(\\d+[BKMG])");
  private static Path tarball;
  private static JsonNode config;
  private static String reference;

  @BeforeAll
  static void readImage() throws Exception {
    tarball = Path.of(System.getProperty("agentkit.image.tarball"));
    if (!Files.isRegularFile(tarball)) {
      throw new AssertionError(tarball + " was not built: the image tests need the hermetic image; run the README's test command, ./mvnw -B -Phermetic verify");
    }
    Path layout = ItEnv.freshDir("image-layout");
    run(List.of("tar", "-xf", tarball.toString(), "-C", layout.toString()));
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    JsonNode entry = index.path("manifests").get(0);
    reference = entry.path("annotations").path("org.opencontainers.image.ref.name").asText();
    JsonNode manifest = JSON.readTree(blob(layout, entry.path("digest").asText()).toFile());
    config = JSON.readTree(blob(layout, manifest.path("config").path("digest").asText()).toFile()).path("config");
  }

  @Test
  void configRunsTheAgentAsUid1000WithNoPortsAndOciLabels() throws Exception {
    assertThat(config.path("User").asText()).isEqualTo("1000:1000");
    assertThat(config.path("ExposedPorts").size()).isZero();
    List<String> entrypoint = texts(config.path("Entrypoint"));
    assertThat(entrypoint).startsWith("/opt/java/bin/java", "@/app/agent-jvm.args").endsWith("io.agentkit.agent.Main");
    JsonNode labels = config.path("Labels");
    assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(System.getProperty("agentkit.version"));
    assertThat(labels.path("org.opencontainers.image.created").asText()).isEqualTo(System.getProperty("agentkit.outputTimestamp"));
    assertThat(labels.path("org.opencontainers.image.source").asText()).startsWith("https://");
    assertThat(labels.has("org.opencontainers.image.revision")).isTrue();
    assertThat(reference).endsWith("/humanitec-agent:" + System.getProperty("agentkit.version"));
  }

  @Test
  void agentFromTheImageConnectsOnAReadOnlyRootAndCarriesARequest() throws Exception {
    ExternalTool.require("umoci");
    ExternalTool.require("bwrap");
    try (Cluster c = new Cluster("image")) {
      Path rootfs = unpack(c.dir());
      // The JVM flags in the image are the agent module's, not a copy that could drift.
      assertThat(rootfs.resolve("app/agent-jvm.args")).hasSameTextualContentAs(ItEnv.agentJvmArgs());

      c.startOrchestrator();
      KeyPair key = TestKeys.rsa4096();
      c.register(Cluster.ORG, Cluster.AGENT, key);
      c.watchForLeaks(TestKeys.pkcs8Pem(key));
      Path keys = Files.createDirectories(c.dir().resolve("secret-volume"));
      Path keyFile = keys.resolve("private_key.pem");
      Files.writeString(keyFile, TestKeys.pkcs8Pem(key));
      Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
      Path ca = Files.createDirectories(c.dir().resolve("ca-volume"));
      Files.copy(c.orchestratorCert(), ca.resolve("cert.pem"));

      List<String> cmd = new ArrayList<>(List.of("bwrap", "--ro-bind", rootfs.toString(), "/", "--proc", "/proc", "--dev", "/dev",
          "--ro-bind", keys.toString(), "/keys", "--ro-bind", ca.toString(), "/ca",
          "--unshare-user", "--uid", "1000", "--gid", "1000", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent"));
      cmd.addAll(texts(config.path("Entrypoint")));
      Map<String, String> env = imageEnvironment();
      env.put(AgentEnv.ORGS, Cluster.ORG);
      env.put(AgentEnv.CONNECTION_ID, "image-1");
      env.put(AgentEnv.TUNNEL_URL, c.tunnelUrl());
      env.put(AgentEnv.TUNNEL_CA_BUNDLE, "/ca/cert.pem");
      // The target listens on loopback, which the agent refuses unless ALLOWED_TARGETS names it.
      env.put(AgentEnv.ALLOWED_TARGETS, "127.0.0.0/8:*");
      // The JVM logs each periodic native-heap trim (TrimNativeHeapInterval in the image's JVM flags) and each
      // collection, among them G1's periodic one (G1PeriodicGCInterval), after which an idle heap has shrunk.
      env.put("JAVA_TOOL_OPTIONS", "-Xlog:trimnative=info -Xlog:gc=info");

      long started = System.nanoTime();
      JavaProcess agent = c.track(JavaProcess.start("image-agent", cmd, env));
      agent.awaitLine("msg=\"Connected to websocket tunnel\"", Duration.ofSeconds(60));
      long startupMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(c.proxyClient().hello(c.target().port())).contains("hello from the target");
      assertThat(agent.outputText()).doesNotContain("Read-only file system").doesNotContain("Permission denied")
          .doesNotContain("Private key file is too open");

      // Idle RSS, measured as a pod sits most of its life: once G1's periodic collection of an idle heap has run
      // (it gives back the heap the start and the request used), and the native heap has settled: three periodic
      // trims in a row after that found less than 1 MiB to give back (the malloc arenas of the TLS warm-up and C2).
      long java = javaProcessUnder(agent.pid());
      agent.awaitLine("G1 Periodic Collection", Duration.ofSeconds(60));
      int nth = (int) agent.count(TRIM.pattern());
      int last = nth + 30;
      for (int quiet = 0; quiet < 3; ) {
        assertThat(nth).as("the native heap settles within 30 trims (1 minute); output:%n%s", agent.outputText()).isLessThan(last);
        Matcher m = TRIM.matcher(agent.awaitLine(TRIM.pattern(), ++nth, Duration.ofSeconds(60)));
        assertThat(m.find()).isTrue();
        quiet = Math.abs(kib(m.group(2)) - kib(m.group(1))) < 1024 ? quiet + 1 : 0;
      }
      long rssKiB = ProcStats.rssKiB(java);
      System.out.printf("image: tarball %.1f MiB, root filesystem %.1f MiB, start to \"Connected to websocket tunnel\" %d ms, idle RSS %.1f MiB%n",
          Files.size(tarball) / 1048576.0, treeSize(rootfs) / 1048576.0, startupMillis, rssKiB / 1024.0);
      assertThat(rssKiB).as("idle RSS within the guide's 64Mi memory request").isLessThan(64 * 1024);
    }
  }

  /** Sizes in HotSpot's units: 71412K, 12M, 0B. */
  private static long kib(String size) {
    long n = Long.parseLong(size.substring(0, size.length() - 1));
    return switch (size.charAt(size.length() - 1)) {
      case 'B' -> n / 1024;
      case 'K' -> n;
      case 'M' -> n * 1024;
      case 'G' -> n * 1024 * 1024;
      default -> throw new IllegalArgumentException(size);
    };
  }

  private static Path unpack(Path dir) throws Exception {
    Path layout = dir.resolve("oci");
    Files.createDirectories(layout);
    run(List.of("tar", "-xf", tarball.toString(), "-C", layout.toString()));
    Path bundle = dir.resolve("bundle");
    run(List.of("umoci", "unpack", "--image", layout + ":" + reference, bundle.toString()));
    Path rootfs = bundle.resolve("rootfs");
    // A container runtime creates the mount points of its volumes; so do we, before the root goes read-only.
    Files.createDirectories(rootfs.resolve("keys"));
    Files.createDirectories(rootfs.resolve("ca"));
    return rootfs;
  }

  private static Map<String, String> imageEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String kv : texts(config.path("Env"))) {
      int eq = kv.indexOf('=');
      env.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return env;
  }

  /** bubblewrap forks an init for the new PID namespace; the JVM is a descendant of it. */
  private static long javaProcessUnder(long pid) throws IOException {
    for (Path task : list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (String child : Files.readString(task.resolve("children")).trim().split("\\s+")) {
        if (child.isEmpty()) {
          continue;
        }
        long c = Long.parseLong(child);
        if (Files.readString(Path.of("/proc", child, "comm")).trim().equals("java")) {
          return c;
        }
        long deeper = javaProcessUnder(c);
        if (deeper > 0) {
          return deeper;
        }
      }
    }
    return -1;
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static long treeSize(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs").resolve(digest.replace(':', '/'));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + output);
    }
  }
}
