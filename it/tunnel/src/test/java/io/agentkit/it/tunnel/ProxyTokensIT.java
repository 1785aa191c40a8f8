package io.agentkit.it.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentkit.agent.config.TrustConfig;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.ExternalTool;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.it.tunnel.support.ProxyClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The CONNECT proxy's credentials, over TLS (--proxy-tls): per-organization proxy tokens minted
 * through the Agent API; a token reaches its own organization's agents only; the admin token is no
 * proxy password; revoking a token ends what it opened.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyTokensIT {

  private Cluster cluster;
  private JavaProcess agentA;
  private String tokenA;
  private String tokenB;
  private ProxyClient client;

  @BeforeAll
  void start() throws Exception {
    cluster = new Cluster("proxy-tokens").withOrchestratorArgs("--proxy-tls");
    cluster.startOrchestrator();
    KeyPair a = TestKeys.rsa("org-a-agent", 4096);
    KeyPair b = TestKeys.rsa("org-b-agent", 4096);
    cluster.register("org-a", "agent-a", a);
    cluster.register("org-b", "agent-b", b);
    agentA = cluster.startConnectedAgent("agent-a", cluster.agentEnv(cluster.privateKeyFile("agent-a", a), "org-a", "a-1"));
    cluster.startConnectedAgent("agent-b", cluster.agentEnv(cluster.privateKeyFile("agent-b", b), "org-b", "b-1"));
    tokenA = cluster.proxyToken("org-a");
    tokenB = cluster.proxyToken("org-b");
    client = cluster.proxyClient("org-a", "agent-a").overTls(TrustConfig.sslContext(cluster.orchestratorCert()));
  }

  @AfterAll
  void stop() throws Exception {
    cluster.close();
  }

  private ProxyClient as(String org, String agent, String token) {
    return client.withCredentials(org, agent, token);
  }

  private int refusal(ProxyClient c) {
    try {
      c.connect("127.0.0.1", cluster.target().port()).close();
      return 200;
    } catch (ProxyClient.Refused r) {
      return r.status;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void eachOrganizationsTokenReachesOnlyItsOwnAgents() throws Exception {
    int port = cluster.target().port();
    assertThat(as("org-a", "agent-a", tokenA).hello(port)).contains("hello from the target");
    assertThat(as("org-b", "agent-b", tokenB).hello(port)).contains("hello from the target");
    assertThat(refusal(as("org-b", "agent-b", tokenA))).isEqualTo(403);
    assertThat(refusal(as("org-a", "agent-a", tokenB))).isEqualTo(403);
    // The admin token, no credentials or a made-up token: 407.
    assertThat(refusal(as("org-a", "agent-a", Cluster.TOKEN))).isEqualTo(407);
    assertThat(refusal(as(null, null, null))).isEqualTo(407);
    assertThat(refusal(as("org-a", "agent-a", "akpt_" + "x".repeat(43)))).isEqualTo(407);
    // The sessions view of the Agent API is unchanged.
    assertThat(cluster.sessions("org-a", "agent-a")).singleElement().satisfies(s -> assertThat(s.get("connection_id").asText()).isEqualTo("a-1"));
  }

  @Test
  void tokensAreListedWithoutSecretsAndStoredHashed() throws Exception {
    JsonNode list = cluster.call("GET", "/orgs/org-a/proxy-tokens", null, 200);
    assertThat(list).isNotEmpty();
    assertThat(list.toString()).doesNotContain(tokenA).doesNotContain("sha256");
    String file = Files.readString(cluster.dir().resolve("orchestrator/proxy-tokens.json"), StandardCharsets.UTF_8);
    assertThat(file).doesNotContain(tokenA).doesNotContain(tokenB);
    assertThat(cluster.orchestrator().outputText()).doesNotContain(tokenA).doesNotContain(tokenB);
  }

  @Test
  void curlThroughTheTlsProxyWithAProxyToken() throws Exception {
    ExternalTool.require("curl");
    String ok = curl("org-a/agent-a:" + tokenA);
    assertThat(ok).contains("hello from the target").endsWith("200 200");
    assertThat(curl("org-b/agent-b:" + tokenA)).endsWith("403 000");
    assertThat(curl("org-a/agent-a:" + Cluster.TOKEN)).endsWith("407 000");
  }

  /** Output of curl through the TLS proxy, ending in "<CONNECT status> <target status>". */
  private String curl(String credentials) throws Exception {
    Process p = new ProcessBuilder("curl", "-sS", "--max-time", "20",
        "--proxy", "https://127.0.0.1:" + cluster.proxyPort(), "--proxy-cacert", cluster.orchestratorCert().toString(), "--proxy-user", credentials,
        "--cacert", cluster.target().cert().toString(), "-w", "\n%{http_connect} %{http_code}",
        "https://localhost:" + cluster.target().port() + "/hello").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor();
    return out;
  }

  @Test
  void aRevokedTokenStopsWorkingAndItsOpenStreamsEnd() throws Exception {
    String token = cluster.call("POST", "/orgs/org-a/proxy-tokens", "{\"description\":\"short-lived\"}", 200).get("token").asText();
    JsonNode listed = cluster.call("GET", "/orgs/org-a/proxy-tokens", null, 200);
    String id = null;
    for (JsonNode t : listed) {
      if (t.get("description").asText().equals("short-lived")) {
        id = t.get("id").asText();
      }
    }
    ProxyClient shortLived = as("org-a", "agent-a", token);
    List<SSLSocket> open = new ArrayList<>();
    open.add(shortLived.connectTls(cluster.target().port()));
    open.add(shortLived.connectTls(cluster.target().port()));

    cluster.call("DELETE", "/orgs/org-a/proxy-tokens/" + id, null, 204);
    assertThat(refusal(shortLived)).isEqualTo(407);
    for (SSLSocket s : open) {
      s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      // The target waits for a request that never comes; only the revocation can end the stream.
      assertThatThrownBy(() -> {
        if (s.getInputStream().read() < 0) {
          throw new java.io.EOFException("closed");
        }
      }).isInstanceOf(java.io.IOException.class).isNotInstanceOf(java.net.SocketTimeoutException.class);
      s.close();
    }
    // Another token of the same organization is untouched.
    assertThat(as("org-a", "agent-a", tokenA).hello(cluster.target().port())).contains("hello from the target");
    cluster.orchestrator().awaitLine("msg=\"Proxy token revoked\" org=org-a token=" + id + " closedStreams=2", Duration.ofSeconds(5));
    // The agent's ends of both streams ended too: revoking resets them, it does not just drop the clients.
    agentA.awaitLine("msg=\"Stream reset by peer\".*err=\"proxy token revoked\"", 2, Duration.ofSeconds(5));
  }
}
