package io.agentkit.agent.connection;

import io.agentkit.agent.config.AgentConfig;
import io.agentkit.contract.log.Log;
import io.agentkit.tunnel.mux.Dialer;
import io.agentkit.tunnel.mux.Multiplexer;
import io.agentkit.tunnel.mux.SendQueue;
import io.agentkit.tunnel.mux.SenderLoop;
import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.WebSocketClient;
import io.agentkit.tunnel.ws.WebSocketConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * One WebSocket to the orchestrator: a receiver thread feeding the {@link Multiplexer}, a sender
 * thread draining the {@link SendQueue} (with pings and the silent-peer check), and the close
 * handshake.
 */
final class TunnelConnection {

  /** How a connection ended; {@code code} is -1 when it failed without a close frame. */
  record Closed(int code, String reason) {}

  private final SendQueue queue;
  private final Multiplexer mux;
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private volatile WebSocketConnection ws;

  TunnelConnection(Dialer dialer) {
    this.queue = new SendQueue(TunnelProtocol.AGENT_DATA_CHUNK,
        () -> failFromOtherThread(TunnelProtocol.CLOSE_PROTOCOL_ERROR, "control queue overflow: the orchestrator stopped reading"));
    this.mux = new Multiplexer(queue, dialer, new Multiplexer.Events() {});
  }

  /** Connects and starts both threads; returns the subprotocol the orchestrator chose. */
  String open(AgentConfig config, SSLContext tls, Map<String, String> headers) throws IOException {
    WebSocketClient.Opened o = WebSocketClient.connect(config.tunnelUrl(), headers, TunnelProtocol.SUBPROTOCOL, tls,
        config.proxy() == null ? null : config.proxy().route(config.tunnelUrl().getHost()),
        (int) TunnelProtocol.DIAL_TIMEOUT_MILLIS, TunnelProtocol.MAX_FRAME);
    ws = o.connection();
    SenderLoop.start("tunnel-sender", queue, mux, new SenderLoop.Transport() {
      @Override
      public void send(ByteBuffer frame) throws IOException {
        ws.sendBinary(frame);
      }

      @Override
      public boolean isClosed() {
        return closed.isDone();
      }

      @Override
      public void peerSilent() {
        Log.error("No frame from the orchestrator, closing the connection", "for", (TunnelProtocol.DEAD_AFTER_MILLIS / 1000) + "s");
        failFromOtherThread(TunnelProtocol.CLOSE_PEER_SILENT, "peer silent for " + TunnelProtocol.DEAD_AFTER_MILLIS / 1000 + " s");
      }

      @Override
      public void sendFailed(Exception e) {
        Log.warn("Tunnel send failed", "err", String.valueOf(e));
        finish(new Closed(-1, "send failed: " + e.getMessage()));
        ws.close();
      }
    });
    Thread receiver = new Thread(this::receiveLoop, "tunnel-receiver");
    receiver.setDaemon(true);
    receiver.start();
    return o.subprotocol();
  }

  Multiplexer mux() {
    return mux;
  }

  CompletableFuture<Closed> closed() {
    return closed;
  }

  private void receiveLoop() {
    try {
      while (true) {
        mux.receive(ws.readMessage());
      }
    } catch (ProtocolException e) {
      failFromReceiver(e.closeCode(), e.getMessage());
    } catch (WebSocketConnection.TextMessage e) {
      failFromReceiver(TunnelProtocol.CLOSE_PROTOCOL_ERROR, e.getMessage());
    } catch (WebSocketConnection.TooBig e) {
      failFromReceiver(TunnelProtocol.CLOSE_TOO_BIG, e.getMessage());
    } catch (WebSocketConnection.Closed e) {
      finish(new Closed(e.code(), e.getMessage()));
      ws.close();
    } catch (IOException e) {
      finish(new Closed(-1, e.getMessage()));
      ws.close();
    } catch (RuntimeException e) {
      Log.error("Tunnel receive failed", "err", String.valueOf(e));
      failFromReceiver(TunnelProtocol.CLOSE_PROTOCOL_ERROR, "internal error");
    }
  }

  /** A protocol error seen by the receiver: log why, tell the peer, wait briefly for its close. */
  private void failFromReceiver(int code, String reason) {
    Log.error("Tunnel protocol error, closing the connection", "code", code, "err", reason);
    ws.sendClose(code, reason);
    finish(new Closed(code, reason));
    ws.closeAfterSending(2000);
  }

  private void failFromOtherThread(int code, String reason) {
    WebSocketConnection w = ws;
    finish(new Closed(code, reason));
    if (w != null) {
      w.sendClose(code, reason);
      w.close();
    }
  }

  /** Orderly close after a drain: queued frames go out first, then the close handshake. */
  void closeGracefully(int code, String reason, long timeoutMillis) {
    WebSocketConnection w = ws;
    queue.awaitEmpty(timeoutMillis);
    if (w != null) {
      w.sendClose(code, reason);
      try {
        closed.get(timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        // The peer did not answer the close in time; close the socket anyway.
      }
      w.close();
    }
    finish(new Closed(code, reason));
  }

  private void finish(Closed how) {
    if (closed.complete(how)) {
      queue.close();
      mux.closeAll("tunnel connection closed");
    }
  }
}
