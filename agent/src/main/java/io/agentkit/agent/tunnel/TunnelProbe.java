package io.agentkit.agent.tunnel;

import io.agentkit.agent.config.AgentConfig;
import io.agentkit.agent.config.ConfigException;
import io.agentkit.agent.mux.Dialer;
import io.agentkit.agent.protocol.Reason;
import io.agentkit.agent.protocol.TunnelProtocol;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** One signed handshake, exactly as the agent makes it, closed again at once: for {@code check}. */
public final class TunnelProbe {

  /** {@code status} 101 on success; {@code error} set when there was no HTTP answer. */
  public record Result(int status, String body, String error) {
    public boolean ok() {
      return status == 101;
    }
  }

  private TunnelProbe() {}

  public static Result handshake(AgentConfig config) throws ConfigException {
    Dialer refuseAll = (host, port) -> {
      throw new Dialer.DialException(Reason.DRAINING, "agent check opens no streams");
    };
    TunnelConnection c = new TunnelConnection(refuseAll);
    try {
      WebSocket ws = c.open(TunnelClient.httpClient(config), config.tunnelUrl(),
              HandshakeHeaders.signed(config, config.key(), System.currentTimeMillis() / 1000))
          .get(2 * TunnelProtocol.DIAL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      c.closeGracefully(TunnelProtocol.CLOSE_NORMAL, "agent check done", 2000);
      return new Result(101, ws.getSubprotocol(), null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        Object body = h.getResponse().body();
        return new Result(h.getResponse().statusCode(), body == null ? "" : String.valueOf(body).strip(), null);
      }
      return new Result(0, "", TunnelClient.describe(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(0, "", "interrupted");
    } catch (java.util.concurrent.TimeoutException e) {
      return new Result(0, "", "no answer within " + 2 * TunnelProtocol.DIAL_TIMEOUT_MILLIS / 1000 + " s");
    }
  }
}
