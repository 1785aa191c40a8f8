package io.agentkit.it.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.it.tunnel.support.ProxyClient;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The agent's egress allowlist end to end: a refused target answers 403 at the proxy (not 502),
 * the agent reports OPEN_FAILED "not allowed", and the target never sees a connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EgressAllowlistIT {

  private Cluster cluster;
  private JavaProcess unconfigured;
  private JavaProcess restricted;

  @BeforeAll
  void start() throws Exception {
    cluster = new Cluster("egress");
    cluster.startOrchestrator();
    int port = cluster.target().port();
    KeyPair a = TestKeys.rsa("default-allowlist", 4096);
    KeyPair b = TestKeys.rsa("explicit-allowlist", 4096);
    cluster.register(Cluster.ORG, "default-agent", a);
    cluster.register(Cluster.ORG, "explicit-agent", b);
    Map<String, String> env = cluster.agentEnv(cluster.privateKeyFile("default-agent", a), Cluster.ORG, "d1");
    env.remove(AgentEnv.ALLOWED_TARGETS);
    unconfigured = cluster.startConnectedAgent("default-agent", env);
    env = cluster.agentEnv(cluster.privateKeyFile("explicit-agent", b), Cluster.ORG, "e1");
    env.put(AgentEnv.ALLOWED_TARGETS, "127.0.0.1:" + port + ",*.example.com:*");
    restricted = cluster.startConnectedAgent("explicit-agent", env);
  }

  @AfterAll
  void stop() throws Exception {
    cluster.close();
  }

  private ProxyClient.Refused refused(String agent, String host, int port) throws Exception {
    int before = cluster.target().accepted();
    ProxyClient c = cluster.proxyClient(Cluster.ORG, agent);
    ProxyClient.Refused[] r = new ProxyClient.Refused[1];
    assertThatThrownBy(() -> c.connect(host, port)).isInstanceOfSatisfying(ProxyClient.Refused.class, e -> r[0] = e);
    assertThat(cluster.target().accepted()).as("connections the target saw").isEqualTo(before);
    return r[0];
  }

  @Test
  void withoutAnAllowlistLoopbackAndTheMetadataEndpointAreRefused() throws Exception {
    int port = cluster.target().port();
    for (String host : new String[] {"127.0.0.1", "localhost", "::1", "169.254.169.254", "0.0.0.0"}) {
      int p = host.equals("169.254.169.254") ? 80 : port;
      ProxyClient.Refused r = refused("default-agent", host, p);
      assertThat(r.status).as(host).isEqualTo(403);
      // The proxy quotes the agent's OPEN_FAILED: its reason label, then its message.
      assertThat(r.body).as(host).startsWith("agent: not allowed: ");
    }
    // The agent logs refusals at most once per 10 s, however many there are.
    unconfigured.awaitLine("msg=\"Cannot open stream\".* reason=\"not allowed\"", Duration.ofSeconds(5));
    assertThat(refused("default-agent", "169.254.169.254", 80).body).contains("169.254.0.0/16");
  }

  @Test
  void anExplicitEntryAllowsItsTargetAndNothingElse() throws Exception {
    int port = cluster.target().port();
    cluster.proxyClient(Cluster.ORG, "explicit-agent").connect("127.0.0.1", port).close();
    // The same target by a name that resolves to it (hello goes to localhost): an address pattern allows what resolves into it.
    assertThat(cluster.proxyClient(Cluster.ORG, "explicit-agent").hello(port)).contains("hello from the target");
    ProxyClient.Refused otherPort = refused("explicit-agent", "127.0.0.1", port + 1 == 65536 ? port - 1 : port + 1);
    assertThat(otherPort.status).isEqualTo(403);
    assertThat(otherPort.body).contains("not in ALLOWED_TARGETS");
    assertThat(refused("explicit-agent", "169.254.169.254", 80).status).isEqualTo(403);
    ProxyClient.Refused unnamed = refused("explicit-agent", "db.internal", 5432);
    assertThat(unnamed.status).isEqualTo(403);
    assertThat(unnamed.body).isEqualTo("agent: not allowed: db.internal:5432 is not in ALLOWED_TARGETS");
    restricted.awaitLine("msg=\"Cannot open stream\".* reason=\"not allowed\"", Duration.ofSeconds(5));
  }
}
