package io.agentkit.agent.connection;

import io.agentkit.agent.config.AgentConfig;
import io.agentkit.tunnel.connection.TunnelConnection;
import io.agentkit.tunnel.mux.Limits;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.WebSocketClient;
import java.io.IOException;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * One connection to the orchestrator: the upgrade with the signed handshake headers, a check that
 * the endpoint speaks agent-kit's tunnel protocol, then the library's {@link TunnelConnection} with
 * this agent's {@link StreamAcceptor}.
 */
final class AgentConnection {

  private final TunnelConnection tunnel;
  private final StreamAcceptor acceptor;
  private final String subprotocol;

  private AgentConnection(TunnelConnection tunnel, StreamAcceptor acceptor, String subprotocol) {
    this.tunnel = tunnel;
    this.acceptor = acceptor;
    this.subprotocol = subprotocol;
  }

  /**
   * Connects and starts the connection's threads.
   *
   * @throws EndpointMismatch when the endpoint answered, but not as an agent-kit orchestrator
   * @throws WebSocketClient.HandshakeException when an agent-kit orchestrator refused the upgrade
   */
  static AgentConnection open(AgentConfig config, SSLContext tls, Map<String, String> headers, Dialer dialer, Limits limits)
      throws IOException {
    WebSocketClient.Opened o;
    try {
      o = WebSocketClient.connect(config.tunnelUrl(), headers, TunnelProtocol.SUBPROTOCOL, tls,
          config.proxy() == null ? null : config.proxy().route(config.tunnelUrl().getHost()),
          (int) TunnelProtocol.DIAL_TIMEOUT_MILLIS, TunnelProtocol.MAX_FRAME);
    } catch (WebSocketClient.HandshakeException e) {
      EndpointMismatch mismatch = EndpointMismatch.of(config.tunnelUrl(), e);
      if (mismatch != null) {
        throw mismatch;
      }
      throw e;
    }
    EndpointMismatch mismatch = EndpointMismatch.of(config.tunnelUrl(), o.subprotocol());
    if (mismatch != null) {
      o.connection().close();
      throw mismatch;
    }
    TunnelConnection t = new TunnelConnection("tunnel", o.connection(), limits, TunnelProtocol.AGENT_DATA_CHUNK, System::nanoTime);
    StreamAcceptor acceptor = new StreamAcceptor(t.mux(), dialer);
    t.start();
    return new AgentConnection(t, acceptor, o.subprotocol());
  }

  TunnelConnection tunnel() {
    return tunnel;
  }

  StreamAcceptor acceptor() {
    return acceptor;
  }

  String subprotocol() {
    return subprotocol;
  }
}
