package io.agentkit.it.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.ForwardProxy;
import io.agentkit.it.tunnel.support.JavaProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Bad configuration exits 2 with one line naming the variable; {@code check} explains the rest. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigurationIT {

  private Cluster cluster;
  private KeyPair key;
  private Path keyFile;

  @BeforeAll
  void start() throws Exception {
    cluster = new Cluster("config");
    cluster.startOrchestrator();
    key = TestKeys.rsa4096();
    cluster.register(Cluster.ORG, Cluster.AGENT, key);
    keyFile = cluster.privateKeyFile("agent", key);
  }

  @AfterAll
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void missingOrgsExits2NamingTheVariable() throws Exception {
    Map<String, String> env = cluster.agentEnv(keyFile, Cluster.ORG, "x");
    env.remove(AgentEnv.ORGS);
    assertConfigError(env, "ORGS is not set; set it to the Humanitec organization id");
  }

  @Test
  void lowerCaseLogLevelExits2WithTheFix() throws Exception {
    Map<String, String> env = cluster.agentEnv(keyFile, Cluster.ORG, "x");
    env.put(AgentEnv.LOG_LEVEL, "info");
    assertConfigError(env, "LOG_LEVEL is 'info', not one of DEBUG, INFO, WARN or ERROR; use INFO (upper case)");
  }

  @Test
  void plainWebSocketUrlExits2() throws Exception {
    Map<String, String> env = cluster.agentEnv(keyFile, Cluster.ORG, "x");
    env.put(AgentEnv.TUNNEL_URL, "ws://127.0.0.1:1/tunnel");
    assertConfigError(env, "TUNNEL_URL must use wss://");
  }

  @Test
  void encryptedKeyExits2WithoutPrintingTheKey() throws Exception {
    String encrypted = TestKeys.encryptedPkcs8Pem(key, "secret");
    cluster.watchForLeaks(encrypted);
    Path f = cluster.dir().resolve("encrypted.pem");
    Files.writeString(f, encrypted, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    Map<String, String> env = cluster.agentEnv(f, Cluster.ORG, "x");
    assertConfigError(env, "PRIVATE_KEY_FILE = " + f + " is encrypted with a passphrase");
  }

  @Test
  void badAllowlistExits2() throws Exception {
    Map<String, String> env = cluster.agentEnv(keyFile, Cluster.ORG, "x");
    env.put(AgentEnv.ALLOWED_TARGETS, "db:99999");
    assertConfigError(env, "ALLOWED_TARGETS pattern 'db:99999' has port 99999 outside 1..65535");
  }

  @Test
  void keyFileReadableByOthersIsReportedAndCheckFailsOnIt() throws Exception {
    Path open = cluster.dir().resolve("open.pem");
    Files.copy(keyFile, open);
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    JavaProcess agent = cluster.startConnectedAgent("open-key", cluster.agentEnv(open, Cluster.ORG, "open"));
    assertThat(agent.outputText()).contains("level=WARN msg=\"Private key file is too open\"").contains("rw-r--r--");
    agent.close();
    JavaProcess check = cluster.track(JavaProcess.start("check-open", Cluster.agentCommand("check"), cluster.agentEnv(open, Cluster.ORG, "open")));
    assertThat(check.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
    assertThat(check.outputText()).contains("FAIL  key file mode").doesNotContain("ok    handshake");
  }

  @Test
  void checkWalksEveryStepToTheSignedHandshake() throws Exception {
    JavaProcess check = cluster.track(JavaProcess.start("check", Cluster.agentCommand("check"), cluster.agentEnv(keyFile, Cluster.ORG, "check")));
    assertThat(check.awaitExit(Duration.ofSeconds(60))).as(check.outputText()).isZero();
    assertThat(check.output()).extracting(l -> l.substring(0, Math.min(20, l.length())).trim())
        .containsExactly("ok    configuration", "ok    private key", "ok    key file mode", "ok    resolve", "ok    tcp", "ok    tls", "ok    protocol", "ok    handshake");
  }

  @Test
  void checkExplainsA401() throws Exception {
    JavaProcess check = cluster.track(JavaProcess.start("check-401", Cluster.agentCommand("check"), cluster.agentEnv(keyFile, Cluster.ORG + ",elsewhere", "check")));
    assertThat(check.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
    assertThat(check.outputText()).contains("FAIL  handshake      HTTP 401").contains("organization(s) elsewhere")
        .contains("did not accept key " + io.agentkit.contract.keys.Fingerprints.of(key.getPublic()));
  }

  @Test
  void checkStopsAtTlsWithoutTheCaBundle() throws Exception {
    Map<String, String> env = cluster.agentEnv(keyFile, Cluster.ORG, "check");
    env.remove(AgentEnv.TUNNEL_CA_BUNDLE);
    JavaProcess check = cluster.track(JavaProcess.start("check-tls", Cluster.agentCommand("check"), env));
    assertThat(check.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
    assertThat(check.outputText()).contains("ok    tcp").contains("FAIL  tls").contains("TUNNEL_CA_BUNDLE");
  }

  @Test
  void agentReachesTheOrchestratorThroughAnHttpsProxyWithCredentials() throws Exception {
    String password = "egress-pass-" + System.nanoTime();
    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("agent:" + password).getBytes(StandardCharsets.UTF_8));
    try (ForwardProxy proxy = new ForwardProxy(basic)) {
      Map<String, String> env = cluster.agentEnv(keyFile, Cluster.ORG, "via-proxy");
      env.put(AgentEnv.HTTPS_PROXY, "http://agent:" + password + "@127.0.0.1:" + proxy.port());
      JavaProcess agent = cluster.startConnectedAgent("via-proxy", env);
      assertThat(proxy.connects()).containsExactly("127.0.0.1:" + cluster.tunnelPort());
      assertThat(cluster.proxyClient().hello(cluster.target().port())).contains("hello from the target");
      agent.close();
      assertThat(agent.outputText()).doesNotContain(password);

      // NO_PROXY sends the same agent straight to the orchestrator.
      env.put(AgentEnv.NO_PROXY, "127.0.0.1");
      cluster.startConnectedAgent("no-proxy", env).close();
      assertThat(proxy.connects()).hasSize(1);
    }
  }

  private void assertConfigError(Map<String, String> env, String expected) throws Exception {
    JavaProcess agent = cluster.track(JavaProcess.start("bad-config", Cluster.agentCommand(), env));
    assertThat(agent.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
    List<String> out = agent.output();
    assertThat(out).as("exactly one line").hasSize(1);
    assertThat(out.get(0)).startsWith("[stderr] time=").contains("level=ERROR").contains(expected);
  }
}
