package io.agentkit.it.tunnel;

import static io.agentkit.it.tunnel.support.WebSocketAssertions.assertClosedWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentkit.contract.keys.Fingerprints;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.RawTunnelClient;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.WebSocketConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Handshakes made for someone else or used before: a relay an agent was pointed at (a tampered
 * TUNNEL_URL) cannot pass the agent's fresh handshakes on, a captured handshake cannot be replayed,
 * not even across a restart, and a session ends when its key expires.
 */
class RelayAndReplayIT {

  private static final String UNAUTHORIZED = "{\"error\":\"unauthorized\"}";

  @Test
  void aHandshakeSignedForAnotherAuthorityIsRefused() throws Exception {
    try (Cluster c = new Cluster("relay")) {
      c.startOrchestrator();
      KeyPair key = TestKeys.rsa("relayed", 4096);
      c.register(Cluster.ORG, "relayed-agent", key);
      // What the agent signs when its TUNNEL_URL names the relay, forwarded as is.
      String relayed = RawTunnelClient.signedRequest(key, "evil.example", Cluster.ORG, "r1");
      assertThat(RawTunnelClient.send(c.tunnelPort(), c.orchestratorCert(), relayed)).startsWith("HTTP/1.1 401").endsWith(UNAUTHORIZED);
      c.orchestrator().awaitLine("Tunnel handshake rejected.*signed for authority 'evil.example', not this orchestrator's", Duration.ofSeconds(5));
      // With the Host rewritten to ours, the signature no longer verifies.
      String rewritten = relayed.replace("Host: evil.example", "Host: 127.0.0.1:" + c.tunnelPort());
      assertThat(RawTunnelClient.send(c.tunnelPort(), c.orchestratorCert(), rewritten)).startsWith("HTTP/1.1 401").endsWith(UNAUTHORIZED);
      c.orchestrator().awaitLine("Tunnel handshake rejected.*signature does not verify", Duration.ofSeconds(5));
      // The default authorities are the certificate's names with the tunnel port: localhost and 127.0.0.1 work.
      assertThat(RawTunnelClient.send(c.tunnelPort(), c.orchestratorCert(),
          RawTunnelClient.signedRequest(key, "localhost:" + c.tunnelPort(), Cluster.ORG, "r2"))).startsWith("HTTP/1.1 101");
      assertThat(RawTunnelClient.send(c.tunnelPort(), c.orchestratorCert(),
          RawTunnelClient.signedRequest(key, c.tunnelPort(), Cluster.ORG, "r3"))).startsWith("HTTP/1.1 101");
    }
  }

  @Test
  void theConfiguredTunnelAuthorityIsTheOnlyOneAccepted() throws Exception {
    try (Cluster c = new Cluster("authority").withOrchestratorArgs("--tunnel-authority=tunnel.example.com")) {
      c.startOrchestrator();
      c.orchestrator().awaitLine("component=tunnel .* authority=tunnel.example.com", Duration.ofSeconds(5));
      KeyPair key = TestKeys.rsa("authority", 4096);
      c.register(Cluster.ORG, "public-agent", key);
      // Behind a load balancer on 443, agents sign the public name; the port the orchestrator listens on is not it.
      assertThat(RawTunnelClient.send(c.tunnelPort(), c.orchestratorCert(),
          RawTunnelClient.signedRequest(key, "tunnel.example.com", Cluster.ORG, "p1"))).startsWith("HTTP/1.1 101");
      assertThat(RawTunnelClient.send(c.tunnelPort(), c.orchestratorCert(),
          RawTunnelClient.signedRequest(key, c.tunnelPort(), Cluster.ORG, "p2"))).startsWith("HTTP/1.1 401").endsWith(UNAUTHORIZED);
    }
  }

  @Test
  void aReplayedHandshakeIsRefusedAcrossAnOrchestratorRestart() throws Exception {
    try (Cluster c = new Cluster("replay-restart")) {
      c.startOrchestrator();
      KeyPair key = TestKeys.rsa("replay-restart", 4096);
      c.register(Cluster.ORG, "replayed-agent", key);
      String captured = RawTunnelClient.signedRequest(key, c.tunnelPort(), Cluster.ORG, "cap");
      assertThat(RawTunnelClient.send(c.tunnelPort(), c.orchestratorCert(), captured)).startsWith("HTTP/1.1 101");
      // SIGKILL: the nonce must have been on disk before the 101 went out.
      c.orchestrator().signal("KILL");
      c.orchestrator().awaitExit(Duration.ofSeconds(10));
      c.startOrchestrator();
      assertThat(RawTunnelClient.send(c.tunnelPort(), c.orchestratorCert(), captured)).startsWith("HTTP/1.1 401").endsWith(UNAUTHORIZED);
      c.orchestrator().awaitLine("Tunnel handshake rejected.*replayed nonce", Duration.ofSeconds(5));
      // A fresh handshake of the same key is fine.
      assertThat(RawTunnelClient.send(c.tunnelPort(), c.orchestratorCert(),
          RawTunnelClient.signedRequest(key, c.tunnelPort(), Cluster.ORG, "cap"))).startsWith("HTTP/1.1 101");
    }
  }

  @Test
  void aSessionWhoseKeyExpiresIsClosedWithinAMinute() throws Exception {
    try (Cluster c = new Cluster("expiry")) {
      c.startOrchestrator();
      KeyPair key = TestKeys.rsa("expiring", 4096);
      c.register(Cluster.ORG, "expiring-agent", key);
      // Keys live two years; an operator's store says this one expires in 15 s.
      c.orchestrator().signal("TERM");
      c.orchestrator().awaitExit(Duration.ofSeconds(10));
      Path store = c.dir().resolve("orchestrator/store.json");
      ObjectMapper json = new ObjectMapper();
      ObjectNode root = (ObjectNode) json.readTree(store.toFile());
      Instant expiry = Instant.now().plusSeconds(15).truncatedTo(ChronoUnit.SECONDS);
      ((ObjectNode) root.get(Cluster.ORG).get("expiring-agent").get("keys").get(Fingerprints.of(key.getPublic())))
          .put("expired_at", expiry.toString());
      Files.write(store, json.writeValueAsBytes(root));
      c.startOrchestrator();

      WebSocketConnection session = RawTunnelClient.open(c.tunnelPort(), c.orchestratorCert(),
          RawTunnelClient.signedRequest(key, c.tunnelPort(), Cluster.ORG, "x1"));
      assertThat(c.sessions(Cluster.ORG, "expiring-agent")).hasSize(1);
      // Reads until the close; PINGs keep the session alive meanwhile. RawTunnelClient allows 30 s of silence per read.
      assertClosedWith(session, TunnelProtocol.CLOSE_REVOKED);
      Duration late = Duration.between(expiry, Instant.now());
      System.out.printf("session closed %d ms after its key expired%n", late.toMillis());
      assertThat(late).isLessThan(Duration.ofSeconds(60));
      session.close();
      assertThat(c.sessions(Cluster.ORG, "expiring-agent")).isEmpty();
    }
  }
}
