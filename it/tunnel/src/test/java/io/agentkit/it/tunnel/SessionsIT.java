package io.agentkit.it.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.keys.Fingerprints;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.tunnel.ws.WebSocketConnection;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.it.tunnel.support.ProxyClient;
import io.agentkit.it.tunnel.support.RawTunnelClient;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The orchestrator's session registry: replacement by connection id, revocation through the Agent API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionsIT {

  private Cluster cluster;

  @BeforeAll
  void start() throws Exception {
    cluster = new Cluster("sessions");
    cluster.startOrchestrator();
  }

  @AfterAll
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void aNewConnectionWithTheSameConnectionIdReplacesTheOldSession() throws Exception {
    KeyPair key = TestKeys.rsa("replace", 4096);
    cluster.register(Cluster.ORG, "replace-agent", key);
    WebSocketConnection old = RawTunnelClient.open(cluster.tunnelPort(), cluster.orchestratorCert(),
        RawTunnelClient.signedRequest(key, cluster.tunnelPort(), Cluster.ORG, "pod-1"));
    assertThat(cluster.sessions(Cluster.ORG, "replace-agent")).hasSize(1);
    JavaProcess agent = cluster.startConnectedAgent("replacer", cluster.agentEnv(cluster.privateKeyFile("replace", key), Cluster.ORG, "pod-1"));
    assertThatThrownBy(() -> {
      while (true) {
        old.readMessage();
      }
    }).isInstanceOfSatisfying(io.agentkit.tunnel.ws.WebSocketException.Closed.class, e -> assertThat(e.code()).isEqualTo(TunnelProtocol.CLOSE_REPLACED));
    old.close();
    assertThat(cluster.sessions(Cluster.ORG, "replace-agent")).singleElement()
        .satisfies(s -> assertThat(s.get("connection_id").asText()).isEqualTo("pod-1"));
    agent.close();
  }

  @Test
  void unlinkingTheKeyDropsTheSessionAndTheAgentIsRejectedAfterwards() throws Exception {
    KeyPair key = TestKeys.rsa("revoke", 4096);
    cluster.register(Cluster.ORG, "revoked-agent", key);
    JavaProcess agent = cluster.startConnectedAgent("revoked", cluster.agentEnv(cluster.privateKeyFile("revoke", key), Cluster.ORG, "r1"));
    ProxyClient client = cluster.proxyClient(Cluster.ORG, "revoked-agent");
    assertThat(client.hello(cluster.target().port())).contains("hello from the target");

    cluster.call("DELETE", "/orgs/" + Cluster.ORG + "/agents/revoked-agent/keys/" + Fingerprints.of(key.getPublic()), null, 204);
    agent.awaitLine("msg=\"Websocket connection lost\" code=" + TunnelProtocol.CLOSE_REVOKED, Duration.ofSeconds(10));
    agent.awaitLine("unexpected HTTP response status: 401", Duration.ofSeconds(30));
    assertThatThrownBy(() -> client.hello(cluster.target().port()))
        .isInstanceOfSatisfying(ProxyClient.Refused.class, r -> assertThat(r.status).isEqualTo(502));
    agent.close();
  }
}
