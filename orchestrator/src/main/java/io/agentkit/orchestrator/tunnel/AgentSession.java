package io.agentkit.orchestrator.tunnel;

import io.agentkit.contract.log.Log;
import io.agentkit.tunnel.connection.CloseCause;
import io.agentkit.tunnel.connection.TunnelConnection;
import io.agentkit.tunnel.mux.StreamOpener;
import io.agentkit.tunnel.mux.WindowBudget;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.WebSocketConnection;
import java.time.Instant;

/** One connected agent replica: its tunnel connection, the opener of its streams, and its identity. */
public final class AgentSession {

  private final HandshakeVerifier.Verified identity;
  private final TunnelConnection tunnel;
  private final StreamOpener opener;
  private final Instant connectedAt = Instant.now();

  /** @param windows the receive budget all sessions share: N agents together stay within the heap */
  AgentSession(HandshakeVerifier.Verified identity, WebSocketConnection ws, WindowBudget windows, Runnable onClosed) {
    this.identity = identity;
    this.tunnel = new TunnelConnection("session-" + identity.connectionId(), ws, windows, TunnelProtocol.ORCHESTRATOR_DATA_CHUNK, System::nanoTime,
        "fingerprint", identity.fingerprint(), "connectionId", identity.connectionId());
    this.opener = new StreamOpener(tunnel.mux(), () -> Log.info("Agent draining", "fingerprint", identity.fingerprint(),
        "connectionId", identity.connectionId(), "streams", tunnel.mux().activeStreams()));
    tunnel.closed().thenAccept(how -> {
      Log.info("Agent disconnected", "fingerprint", identity.fingerprint(), "connectionId", identity.connectionId(), "code", how.code(),
          "reason", how.reason());
      onClosed.run();
    });
  }

  public HandshakeVerifier.Verified identity() {
    return identity;
  }

  /** Opens streams to this agent and says whether it is draining. */
  public StreamOpener mux() {
    return opener;
  }

  public Instant connectedAt() {
    return connectedAt;
  }

  public boolean isOpen() {
    return tunnel.isOpen();
  }

  /** Runs the receive loop on the calling thread until the connection ends. */
  void serve() {
    tunnel.serve();
  }

  /** Ends the session with {@code code}. */
  public void close(int code, String reason) {
    tunnel.close(code, reason == null ? "" : reason);
  }

  /** How the session ended, once it has. */
  public CloseCause closeCause() {
    return tunnel.closed().getNow(null);
  }
}
