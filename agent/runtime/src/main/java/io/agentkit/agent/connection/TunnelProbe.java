package io.agentkit.agent.connection;

import io.agentkit.agent.config.AgentConfig;
import io.agentkit.agent.config.ConfigException;
import io.agentkit.agent.config.TrustConfig;
import io.agentkit.tunnel.mux.Limits;
import io.agentkit.tunnel.protocol.Reason;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.WebSocketClient;
import java.io.IOException;

/** One signed handshake, exactly as the agent makes it, closed again at once: for {@code check}. */
public final class TunnelProbe {

  /**
   * {@code status} 101 on success (body = chosen subprotocol); {@code error} set when there was no
   * HTTP answer; {@code mismatch} set when the endpoint is not an agent-kit orchestrator.
   */
  public record Result(int status, String body, String error, String mismatch) {
    public boolean ok() {
      return status == 101 && mismatch == null;
    }
  }

  private TunnelProbe() {}

  public static Result handshake(AgentConfig config) throws ConfigException {
    Dialer refuseAll = (host, port) -> {
      throw new Dialer.DialException(Reason.DRAINING, "agent check opens no streams");
    };
    try {
      AgentConnection c = AgentConnection.open(config, TrustConfig.sslContext(config.caBundle()),
          HandshakeHeaders.signed(config, config.key(), System.currentTimeMillis() / 1000), refuseAll, Limits.forHeap(16 << 20, 64));
      c.tunnel().closeGracefully(TunnelProtocol.CLOSE_NORMAL, "agent check done", 2000);
      return new Result(101, c.subprotocol(), null, null);
    } catch (EndpointMismatch e) {
      return new Result(0, "", null, e.getMessage());
    } catch (WebSocketClient.HandshakeException e) {
      return new Result(e.status(), e.body(), null, null);
    } catch (IOException | RuntimeException e) {
      return new Result(0, "", TunnelClient.describe(e), null);
    }
  }
}
