package io.agentkit.orchestrator.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.keys.Fingerprints;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.orchestrator.store.AgentStore;
import io.agentkit.tunnel.mux.Limits;
import io.agentkit.tunnel.mux.WindowBudget;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.WebSocketConnection;
import io.agentkit.tunnel.ws.WebSocketException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions end (4001) when their key stops being usable, on a real WebSocket. */
class SessionRegistryTest {

  @TempDir
  Path dir;

  @Test
  void aSessionWhoseKeyExpiresOrIsUnlinkedIsClosedWithRevoked() throws Exception {
    KeyPair pair = TestKeys.rsa4096();
    String fp = Fingerprints.of(pair.getPublic());
    AgentStore store = AgentStore.open(dir.resolve("store.json"));
    store.create("org", "agent", TestKeys.publicPem(pair), null, "t");
    SessionRegistry registry = new SessionRegistry();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket agentSide = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket orchestratorSide = server.accept()) {
      WebSocketConnection ws = new WebSocketConnection(orchestratorSide, orchestratorSide.getInputStream(), false, TunnelProtocol.MAX_FRAME);
      HandshakeVerifier.Verified who = new HandshakeVerifier.Verified(fp, List.of("org"), "pod-1", store.links(fp));
      AgentSession[] holder = new AgentSession[1];
      holder[0] = new AgentSession(who, ws, new WindowBudget(Limits.forThisProcess()), () -> registry.remove(holder[0]));
      registry.register(holder[0]);

      assertThat(registry.closeUnauthorized(store, Instant.now())).isZero();
      assertThat(holder[0].isOpen()).isTrue();
      Instant afterExpiry = Instant.now().plus(Duration.ofDays(AgentStore.KEY_LIFETIME_DAYS + 1));
      assertThat(registry.closeUnauthorized(store, afterExpiry)).isEqualTo(1);
      assertThat(holder[0].isOpen()).isFalse();
      assertThat(registry.all("org", "agent")).isEmpty();

      agentSide.setSoTimeout(5000);
      WebSocketConnection agent = new WebSocketConnection(agentSide, agentSide.getInputStream(), true, TunnelProtocol.MAX_FRAME);
      assertThatThrownBy(agent::readMessage).isInstanceOfSatisfying(WebSocketException.Closed.class,
          e -> assertThat(e.code()).isEqualTo(TunnelProtocol.CLOSE_REVOKED));
    }
  }
}
