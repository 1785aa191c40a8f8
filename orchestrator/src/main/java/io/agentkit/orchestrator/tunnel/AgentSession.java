package io.agentkit.orchestrator.tunnel;

import io.agentkit.contract.log.Log;
import io.agentkit.tunnel.mux.Multiplexer;
import io.agentkit.tunnel.mux.SendQueue;
import io.agentkit.tunnel.mux.SenderLoop;
import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.WebSocketConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** One connected agent replica: its WebSocket, multiplexer and identity. */
public final class AgentSession {

  private final HandshakeVerifier.Verified identity;
  private final WebSocketConnection ws;
  private final SendQueue queue;
  private final Multiplexer mux;
  private final Instant connectedAt = Instant.now();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Runnable onClosed;

  AgentSession(HandshakeVerifier.Verified identity, WebSocketConnection ws, Runnable onClosed) {
    this.identity = identity;
    this.ws = ws;
    this.onClosed = onClosed;
    this.queue = new SendQueue(TunnelProtocol.ORCHESTRATOR_DATA_CHUNK, () -> close(TunnelProtocol.CLOSE_PROTOCOL_ERROR, "control queue overflow"));
    this.mux = new Multiplexer(queue, null, new Multiplexer.Events() {
      @Override
      public void onPeerDrain() {
        Log.info("Agent draining", "fingerprint", identity.fingerprint(), "connectionId", identity.connectionId(), "streams", mux().activeStreams());
      }
    });
  }

  public HandshakeVerifier.Verified identity() {
    return identity;
  }

  public Multiplexer mux() {
    return mux;
  }

  public Instant connectedAt() {
    return connectedAt;
  }

  public boolean isOpen() {
    return !closed.get();
  }

  /** Runs the receive loop on the calling thread until the connection ends. */
  void serve() {
    SenderLoop.start("session-sender-" + identity.connectionId(), queue, mux, new SenderLoop.Transport() {
      @Override
      public void send(ByteBuffer frame) throws IOException {
        ws.sendBinary(frame);
      }

      @Override
      public boolean isClosed() {
        return closed.get();
      }

      @Override
      public void peerSilent() {
        close(TunnelProtocol.CLOSE_PEER_SILENT, "agent silent for " + TunnelProtocol.DEAD_AFTER_MILLIS / 1000 + " s");
      }

      @Override
      public void sendFailed(Exception e) {
        close(-1, "send failed: " + e.getMessage());
      }
    });
    String why;
    int code;
    try {
      while (true) {
        mux.receive(ws.readMessage());
      }
    } catch (WebSocketConnection.Closed e) {
      code = e.code();
      why = e.getMessage();
    } catch (WebSocketConnection.TextMessage e) {
      code = TunnelProtocol.CLOSE_PROTOCOL_ERROR;
      why = e.getMessage();
    } catch (WebSocketConnection.TooBig e) {
      code = TunnelProtocol.CLOSE_TOO_BIG;
      why = e.getMessage();
    } catch (ProtocolException e) {
      code = e.closeCode();
      why = e.getMessage();
      Log.warn("Agent violated the tunnel protocol", "fingerprint", identity.fingerprint(), "err", why);
    } catch (IOException e) {
      code = -1;
      why = e.getMessage();
    }
    close(code, why);
  }

  /** Ends the session; code -1 drops the connection without a close frame. */
  public void close(int code, String reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (code > 0) {
      ws.sendClose(code, reason == null ? "" : reason);
    }
    queue.close();
    ws.close();
    mux.closeAll("agent connection closed");
    Log.info("Agent disconnected", "fingerprint", identity.fingerprint(), "connectionId", identity.connectionId(), "code", code, "reason", reason);
    onClosed.run();
  }
}
