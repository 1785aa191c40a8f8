package io.agentkit.it.tunnel.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentkit.agent.config.TrustConfig;
import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.testing.TestKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One orchestrator process, any number of agent processes and a TLS target, on 127.0.0.1. Closing
 * it kills what is left and checks that no process ever printed a line of a private key.
 */
public final class Cluster implements AutoCloseable {

  /** The Agent API's admin token; the orchestrator refuses tokens under 32 characters. */
  public static final String TOKEN = "it-token-" + java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
  public static final String ORG = "it-org";
  public static final String AGENT = "it-agent";
  /** The memory limit the manifests give the agent's container. */
  public static final String POD_MEMORY_LIMIT = "256m";

  private static final Pattern LISTENING = Pattern.compile("msg=Listening component=(\\w+) url=\\w+://127\\.0\\.0\\.1:(\\d+)");

  private final Path dir;
  /** 0 until the orchestrator's first start binds port 0 and logs the ports it got; a restart reuses them. */
  private int apiPort;
  private int tunnelPort;
  private int proxyPort;
  private final List<JavaProcess> processes = new ArrayList<>();
  private final List<String> privatePems = new ArrayList<>();
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, String> proxyTokens = new LinkedHashMap<>();
  private List<String> orchestratorArgs = List.of();
  private String orchestratorMain;
  private JavaProcess orchestrator;
  private TlsTarget target;
  private HttpClient api;

  public Cluster(String name) throws IOException {
    dir = ItEnv.freshDir(name);
  }

  public Path dir() {
    return dir;
  }

  public int tunnelPort() {
    return started(tunnelPort);
  }

  public int proxyPort() {
    return started(proxyPort);
  }

  public int apiPort() {
    return started(apiPort);
  }

  /** Extra orchestrator options for this and later (re)starts. */
  public Cluster withOrchestratorArgs(String... args) {
    orchestratorArgs = List.of(args);
    return this;
  }

  /** Runs the orchestrator through another main class on the test classpath (a test launcher), or null for the jar's. */
  public Cluster withOrchestratorMain(String mainClass) {
    orchestratorMain = mainClass;
    return this;
  }

  public String tunnelUrl() {
    return "wss://127.0.0.1:" + tunnelPort() + "/tunnel";
  }

  private static int started(int port) {
    if (port == 0) {
      throw new IllegalStateException("the orchestrator has not been started yet: its ports are not known");
    }
    return port;
  }

  /**
   * A copy of the orchestrator's self-signed certificate outside its data directory, which only
   * the orchestrator's user may enter (0700); agents running as another user read this one.
   */
  public Path orchestratorCert() {
    return dir.resolve("orchestrator-ca.pem");
  }

  public JavaProcess orchestrator() {
    return orchestrator;
  }

  /**
   * Starts the orchestrator on ports the kernel picks (port 0), read back from its "Listening" lines,
   * or restarts it on the ports and data of the first start; waits until it is ready.
   */
  public JavaProcess startOrchestrator() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(JavaProcess.java(), "-Xmx256m"));
    if (orchestratorMain == null) {
      cmd.addAll(List.of("-jar", ItEnv.orchestratorJar().toString()));
    } else {
      String testClasses = Path.of(Cluster.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
      cmd.addAll(List.of("-cp", ItEnv.orchestratorJar() + java.io.File.pathSeparator + testClasses, orchestratorMain));
    }
    cmd.addAll(List.of("--data-dir=" + dir.resolve("orchestrator"), "--api-port=" + apiPort, "--tunnel-port=" + tunnelPort,
        "--proxy-port=" + proxyPort, "--open-timeout-ms=5000"));
    cmd.addAll(orchestratorArgs);
    Map<String, String> env = new HashMap<>(Map.of("ORCHESTRATOR_TOKEN", TOKEN));
    // Benchmarks try JVM settings on the orchestrator without a rebuild, as on the agent (agentEnv).
    String options = System.getenv("ORCHESTRATOR_JAVA_TOOL_OPTIONS");
    if (options != null) {
      env.put("JAVA_TOOL_OPTIONS", options);
    }
    orchestrator = track(JavaProcess.start("orchestrator", cmd, env));
    orchestrator.awaitLine("msg=\"Orchestrator ready\"", Duration.ofSeconds(30));
    Map<String, Integer> bound = new HashMap<>();
    for (String line : orchestrator.output()) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        bound.put(m.group(1), Integer.parseInt(m.group(2)));
      }
    }
    if (!bound.keySet().equals(Set.of("api", "tunnel", "proxy"))) {
      throw new AssertionError("the orchestrator did not log its three listening URLs: " + orchestrator.outputText());
    }
    if (apiPort != 0 && (bound.get("api") != apiPort || bound.get("tunnel") != tunnelPort || bound.get("proxy") != proxyPort)) {
      throw new AssertionError("the restarted orchestrator did not reuse its ports: " + bound);
    }
    apiPort = bound.get("api");
    tunnelPort = bound.get("tunnel");
    proxyPort = bound.get("proxy");
    Files.copy(dir.resolve("orchestrator/tls/cert.pem"), orchestratorCert(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(orchestratorCert(), PosixFilePermissions.fromString("rw-r--r--"));
    api = HttpClient.newBuilder().sslContext(TrustConfig.sslContext(orchestratorCert())).connectTimeout(Duration.ofSeconds(5)).build();
    return orchestrator;
  }

  public TlsTarget target() throws Exception {
    if (target == null) {
      target = new TlsTarget(dir.resolve("target"));
    }
    return target;
  }

  public ProxyClient proxyClient() throws Exception {
    return proxyClient(ORG, AGENT);
  }

  /** A proxy client for {@code org/agent} with a proxy token of {@code org} minted through the Agent API. */
  public ProxyClient proxyClient(String org, String agent) throws Exception {
    return new ProxyClient(proxyPort(), org, agent, proxyToken(org), target().cert());
  }

  /** A proxy token of {@code org}, created once through {@code POST /orgs/{org}/proxy-tokens}. */
  public String proxyToken(String org) throws Exception {
    String token = proxyTokens.get(org);
    if (token == null) {
      token = call("POST", "/orgs/" + org + "/proxy-tokens", "{\"description\":\"integration test\"}", 200).get("token").asText();
      proxyTokens.put(org, token);
    }
    return token;
  }

  /** Writes the pair's private key as a 0600 PEM file and remembers it for the leak check. */
  public Path privateKeyFile(String name, KeyPair pair) throws IOException {
    String pem = TestKeys.pkcs8Pem(pair);
    privatePems.add(pem);
    Path f = dir.resolve(name + ".pem");
    Files.writeString(f, pem, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  /** Remembers a PEM that no process may print even though the test never wrote it to a key file. */
  public void watchForLeaks(String privatePem) {
    privatePems.add(privatePem);
  }

  public JsonNode register(String org, String agent, KeyPair pair) throws Exception {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("id", agent);
    body.put("public_key", TestKeys.publicPem(pair));
    body.put("description", "integration test");
    return call("POST", "/orgs/" + org + "/agents", json.writeValueAsString(body), 200);
  }

  public JsonNode sessions(String org, String agent) throws Exception {
    return call("GET", "/orgs/" + org + "/agents/" + agent + "/sessions", null, 200);
  }

  public JsonNode call(String method, String path, String body, int expectStatus) throws Exception {
    return call(method, path, body, TOKEN, expectStatus);
  }

  public JsonNode call(String method, String path, String body, String token, int expectStatus) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + started(apiPort) + path))
        .header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = api.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expectStatus) {
      throw new AssertionError(method + " " + path + " answered " + r.statusCode() + " " + r.body());
    }
    return r.body().isEmpty() ? null : json.readTree(r.body());
  }

  /**
   * Agent environment for this cluster; tests add or override entries. Before the orchestrator has started
   * there is no tunnel URL yet: a test that points the agent elsewhere sets TUNNEL_URL itself.
   */
  public Map<String, String> agentEnv(Path keyFile, String orgs, String connectionId) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(AgentEnv.ORGS, orgs);
    env.put(AgentEnv.PRIVATE_KEY_FILE, keyFile.toString());
    env.put(AgentEnv.CONNECTION_ID, connectionId);
    if (tunnelPort != 0) {
      env.put(AgentEnv.TUNNEL_URL, tunnelUrl());
    }
    env.put(AgentEnv.TUNNEL_CA_BUNDLE, orchestratorCert().toString());
    env.put(AgentEnv.LOG_LEVEL, "DEBUG");
    // The tests' targets listen on loopback, which an agent refuses unless ALLOWED_TARGETS names it.
    env.put(AgentEnv.ALLOWED_TARGETS, "127.0.0.0/8:*");
    // Benchmarks try JVM or allocator settings on the agent without a rebuild.
    for (String v : new String[] {"JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX"}) {
      String given = System.getenv("AGENT_" + v);
      if (given != null) {
        env.put(v, given);
      }
    }
    return env;
  }

  public JavaProcess startAgent(String name, Map<String, String> env) throws IOException {
    return track(JavaProcess.start(name, agentCommand(), env));
  }

  /**
   * The agent as the image runs it: the production JVM flags, then the jar. {@code -XX:MaxRAM} stands
   * in for the pod's 256Mi memory limit, which the JVM would read from its cgroup in a container.
   */
  public static List<String> agentCommand(String... args) {
    List<String> cmd = new ArrayList<>(List.of(JavaProcess.java(), "@" + ItEnv.agentJvmArgs(), "-XX:MaxRAM=" + POD_MEMORY_LIMIT, "-jar",
        ItEnv.agentJar().toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * The common setup: orchestrator, {@link #AGENT} registered in {@link #ORG} with the shared test
   * key, and one connected agent with {@code connectionId} at {@code logLevel}.
   */
  public JavaProcess startWithOneAgent(String connectionId, String logLevel) throws Exception {
    startOrchestrator();
    KeyPair key = TestKeys.rsa4096();
    register(ORG, AGENT, key);
    Map<String, String> env = agentEnv(privateKeyFile("agent", key), ORG, connectionId);
    env.put(AgentEnv.LOG_LEVEL, logLevel);
    return startConnectedAgent("agent", env);
  }

  public JavaProcess startConnectedAgent(String name, Map<String, String> env) throws Exception {
    JavaProcess a = startAgent(name, env);
    a.awaitLine("msg=\"Connected to websocket tunnel\"", Duration.ofSeconds(30));
    return a;
  }

  public JavaProcess track(JavaProcess p) {
    processes.add(p);
    return p;
  }

  @Override
  public void close() throws IOException {
    AssertionError closing = null;
    for (JavaProcess p : processes) {
      try {
        p.close();
      } catch (AssertionError e) {
        if (closing == null) {
          closing = e;
        } else {
          closing.addSuppressed(e);
        }
      }
    }
    if (target != null) {
      target.close();
    }
    assertNoKeyMaterial();
    if (closing != null) {
      throw closing;
    }
  }

  /** Every 64-character line of every private key against everything every process printed. */
  public void assertNoKeyMaterial() {
    for (JavaProcess p : processes) {
      String out = p.outputText();
      for (String pem : privatePems) {
        for (String line : TestKeys.pemBodyLines(pem)) {
          if (out.contains(line)) {
            throw new AssertionError(p.name() + " printed a line of a private key");
          }
        }
      }
    }
  }
}
