package io.agentkit.orchestrator.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.tunnel.mux.Limits;
import io.agentkit.tunnel.mux.StreamOpener;
import io.agentkit.tunnel.mux.WindowBudget;
import io.agentkit.tunnel.protocol.Reason;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.WebSocketConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sessions of several agents in one orchestrator, over real sockets: one memory budget for all of them. */
class AgentSessionTest {

  @Test
  void theSessionsOfManyAgentsTogetherStayWithinOneBudget() throws Exception {
    // Room for three streams in the whole process, however many agents are connected.
    WindowBudget shared = new WindowBudget(new Limits(3, 1 << 20, 4096, 16_384, 65_536, 1 << 20, 1 << 20));
    List<Socket> sockets = new ArrayList<>();
    List<AgentSession> sessions = new ArrayList<>();
    try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      for (int i = 0; i < 2; i++) {
        Socket agentSide = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket orchestratorSide = server.accept();
        sockets.add(agentSide);
        sockets.add(orchestratorSide);
        WebSocketConnection ws = new WebSocketConnection(orchestratorSide, orchestratorSide.getInputStream(), false, TunnelProtocol.MAX_FRAME);
        sessions.add(new AgentSession(new HandshakeVerifier.Verified("f" + i, List.of("org"), "pod-" + i, List.of()), ws, shared, () -> { }));
      }
      AgentSession a = sessions.get(0);
      AgentSession b = sessions.get(1);
      StreamOpener.Opening a1 = a.mux().open("db.internal", 5432);
      a.mux().open("db.internal", 5432);
      b.mux().open("db.internal", 5432);
      assertThat(shared.streams()).isEqualTo(3);
      for (AgentSession s : sessions) {
        StreamOpener.Opening refused = s.mux().open("db.internal", 5432);
        assertThatThrownBy(() -> refused.result().get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(ExecutionException.class,
            e -> assertThat(((StreamOpener.OpenFailedException) e.getCause()).reason()).isEqualTo(Reason.OVERLOADED));
      }
      // One agent's stream given up makes room for another agent's.
      a.mux().cancel(a1.streamId(), "test");
      awaitStreams(shared, 2);
      b.mux().open("db.internal", 5432);
      assertThat(shared.streams()).isEqualTo(3);
      // A session that ends returns everything it held.
      a.close(TunnelProtocol.CLOSE_GOING_AWAY, "test");
      awaitStreams(shared, 2);
    } finally {
      for (AgentSession s : sessions) {
        s.close(TunnelProtocol.CLOSE_GOING_AWAY, "test");
      }
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  private static void awaitStreams(WindowBudget budget, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (budget.streams() != n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(budget.streams()).isEqualTo(n);
  }
}
