package io.agentkit.it.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.contract.keys.Fingerprints;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.JavaProcess;
import io.agentkit.it.tunnel.support.RawTunnelClient;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The orchestrator's side of the signed handshake, and how the agent reports a rejection. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandshakeIT {

  private static final String REJECTED = "level=ERROR msg=\"Can't connect to websocket\" err=\"unable to establish websocket connection: unexpected HTTP response status: 401, ";

  private Cluster cluster;

  @BeforeAll
  void start() throws Exception {
    cluster = new Cluster("handshake");
    cluster.startOrchestrator();
  }

  @AfterAll
  void stop() throws Exception {
    cluster.close();
  }

  @Test
  void unregisteredKeyLogs401WithTheFingerprintAndBacksOff() throws Exception {
    KeyPair key = TestKeys.rsa("unregistered", 4096);
    JavaProcess agent = cluster.startAgent("unregistered", cluster.agentEnv(cluster.privateKeyFile("unregistered", key), Cluster.ORG, ""));
    agent.awaitLine(java.util.regex.Pattern.quote(REJECTED), Duration.ofSeconds(30));
    String hint = agent.awaitLine("The orchestrator did not accept this agent's key", Duration.ofSeconds(5));
    assertThat(hint).contains("fingerprint=" + Fingerprints.of(key.getPublic())).contains("orgs=" + Cluster.ORG);
    String next = agent.awaitLine("msg=Reconnecting", Duration.ofSeconds(5));
    double delay = Double.parseDouble(next.replaceAll(".* in=([0-9.]+)s.*", "$1"));
    assertThat(delay).as("delay after a 401, seconds").isBetween(10.0, 30.0);
    // No tight loop: the next attempt comes when the announced delay has passed, not before, and it is the
    // orchestrator's second rejection of this key.
    String second = agent.awaitLine(java.util.regex.Pattern.quote(REJECTED), 2, Duration.ofSeconds(45));
    assertThat(Duration.between(time(next), time(second))).as("time from \"Reconnecting\" to the next attempt")
        .isGreaterThanOrEqualTo(Duration.ofMillis((long) (delay * 1000)));
    String rejectedByOrchestrator = "Tunnel handshake rejected.*no agent has a key with fingerprint " + Fingerprints.of(key.getPublic());
    cluster.orchestrator().awaitLine(rejectedByOrchestrator, 2, Duration.ofSeconds(10));
    assertThat(cluster.orchestrator().count(rejectedByOrchestrator)).isEqualTo(2);
    assertThat(agent.count("Can't connect to websocket")).isEqualTo(2);
    assertThat(agent.isAlive()).isTrue();
    agent.close();
  }

  /** The agent's own timestamp of a log line ({@code time=2030-12-15T14:11:56.057Z ...}). */
  private static Instant time(String line) {
    return Instant.parse(line.replaceAll("^(?:\\[stderr\\] )?time=(\\S+) .*", "$1"));
  }

  @Test
  void keyRegisteredInOnlyOneOfTwoOrganizationsIsRejected() throws Exception {
    KeyPair key = TestKeys.rsa("one-org", 4096);
    cluster.register("org-a", "half-agent", key);
    JavaProcess agent = cluster.startAgent("one-org", cluster.agentEnv(cluster.privateKeyFile("one-org", key), "org-a,org-b", "r1"));
    String line = agent.awaitLine(java.util.regex.Pattern.quote(REJECTED), Duration.ofSeconds(30));
    assertThat(line).contains("organization(s) org-b").doesNotContain("org-a,org-b");
    agent.close();

    // The same key registered in both organizations connects.
    cluster.register("org-b", "half-agent", key);
    JavaProcess both = cluster.startConnectedAgent("both-orgs", cluster.agentEnv(cluster.privateKeyFile("one-org", key), "org-a,org-b", "r1"));
    assertThat(cluster.sessions("org-b", "half-agent")).hasSize(1);
    both.close();
  }

  @Test
  void replayedHandshakeIsRejected() throws Exception {
    KeyPair key = TestKeys.rsa("replay", 4096);
    cluster.register(Cluster.ORG, "replay-agent", key);
    String request = RawTunnelClient.signedRequest(key, cluster.tunnelPort(), Cluster.ORG, "replay");
    assertThat(RawTunnelClient.send(cluster.tunnelPort(), cluster.orchestratorCert(), request)).startsWith("HTTP/1.1 101");
    String replay = RawTunnelClient.send(cluster.tunnelPort(), cluster.orchestratorCert(), request);
    // Whoever replays learns nothing; the orchestrator's log says why.
    assertThat(replay).startsWith("HTTP/1.1 401").endsWith("\r\n\r\n{\"error\":\"unauthorized\"}");
    cluster.orchestrator().awaitLine("Tunnel handshake rejected.*replayed nonce", Duration.ofSeconds(5));
    // A signature over different orgs than the header carries does not verify either.
    String tampered = RawTunnelClient.signedRequest(key, cluster.tunnelPort(), Cluster.ORG, "replay")
        .replace("Agent-Orgs: " + Cluster.ORG, "Agent-Orgs: " + Cluster.ORG + ",other");
    assertThat(RawTunnelClient.send(cluster.tunnelPort(), cluster.orchestratorCert(), tampered))
        .startsWith("HTTP/1.1 401").endsWith("{\"error\":\"unauthorized\"}");
    cluster.orchestrator().awaitLine("Tunnel handshake rejected.*signature does not verify", Duration.ofSeconds(5));
  }
}
