package io.agentkit.agent.connection;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.WebSocketClient;
import java.io.IOException;
import java.net.URI;

/**
 * The endpoint at {@code TUNNEL_URL} answered the upgrade, but not as an agent-kit orchestrator: it
 * selected no {@code agentkit-tunnel.v*} subprotocol, or refused with a status an agent-kit
 * orchestrator never sends without its {@code Agent-Tunnel-Versions} header. Typically the agent
 * image built here pointed at Humanitec's Platform Orchestrator, which speaks its own protocol.
 */
public final class EndpointMismatch extends IOException {

  private static final long serialVersionUID = 1L;

  /** What to change, for the log line and {@code agent check}. */
  public static final String FIX = "set " + AgentEnv.TUNNEL_URL + " to the tunnel endpoint of an agent-kit orchestrator"
      + " (wss://<orchestrator>/tunnel), or, to connect to Humanitec's Platform Orchestrator, run Humanitec's agent image"
      + " (ghcr.io/humanitec/agent) instead of this one";

  private EndpointMismatch(String message) {
    super(message);
  }

  /** After a 101: null when the endpoint selected one of our protocol versions. */
  static EndpointMismatch of(URI url, String subprotocol) {
    if (subprotocol != null && subprotocol.startsWith(TunnelProtocol.SUBPROTOCOL_PREFIX)) {
      return null;
    }
    return new EndpointMismatch(url + " does not speak agent-kit's tunnel protocol: it accepted the WebSocket upgrade but selected "
        + (subprotocol == null ? "no subprotocol" : "subprotocol " + subprotocol) + " instead of " + TunnelProtocol.SUBPROTOCOL);
  }

  /**
   * After a refusal: null when it may come from an agent-kit orchestrator. Its tunnel endpoint names
   * its versions in every refusal ({@code docs/protocol.md} §1); 429 and 5xx without them may come
   * from a proxy in front of it and are retried as usual.
   */
  static EndpointMismatch of(URI url, WebSocketClient.HandshakeException e) {
    int status = e.status();
    if (e.header(TunnelProtocol.VERSIONS_HEADER) != null || status == 429 || status >= 500) {
      return null;
    }
    return new EndpointMismatch(url + " does not speak agent-kit's tunnel protocol: it answered the upgrade with HTTP " + status
        + ", which an agent-kit orchestrator's tunnel endpoint does not send");
  }
}
