package io.agentkit.agent.tunnel;

import io.agentkit.agent.log.Log;
import io.agentkit.agent.mux.Dialer;
import io.agentkit.agent.mux.Multiplexer;
import io.agentkit.agent.mux.SendQueue;
import io.agentkit.agent.mux.SenderLoop;
import io.agentkit.agent.protocol.ProtocolException;
import io.agentkit.agent.protocol.TunnelProtocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket to the orchestrator on the JDK client: reassembles messages for the
 * {@link Multiplexer}, sends from a {@link SendQueue} on its own thread (the JDK allows one
 * outstanding send), pings, and notices a silent peer.
 */
final class TunnelConnection implements WebSocket.Listener {

  /** How a connection ended; {@code code} is -1 when it failed without a close frame. */
  record Closed(int code, String reason) {}

  private final SendQueue queue;
  private final Multiplexer mux;
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private volatile WebSocket ws;
  // Receiver only (the JDK delivers one callback at a time).
  private ByteBuffer assembly;

  TunnelConnection(Dialer dialer) {
    this.queue = new SendQueue(TunnelProtocol.AGENT_DATA_CHUNK, () -> fail(TunnelProtocol.CLOSE_PROTOCOL_ERROR, "control queue overflow: the orchestrator stopped reading"));
    this.mux = new Multiplexer(queue, dialer, new Multiplexer.Events() {});
  }

  CompletableFuture<WebSocket> open(HttpClient client, URI uri, Map<String, String> headers) {
    WebSocket.Builder b = client.newWebSocketBuilder()
        .subprotocols(TunnelProtocol.SUBPROTOCOL)
        .connectTimeout(Duration.ofMillis(TunnelProtocol.DIAL_TIMEOUT_MILLIS));
    headers.forEach(b::header);
    return b.buildAsync(uri, this);
  }

  Multiplexer mux() {
    return mux;
  }

  CompletableFuture<Closed> closed() {
    return closed;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    ws = webSocket;
    SenderLoop.start("tunnel-sender", queue, mux, new SenderLoop.Transport() {
      @Override
      public void send(ByteBuffer frame) throws Exception {
        webSocket.sendBinary(frame, true).get(TunnelProtocol.DEAD_AFTER_MILLIS, TimeUnit.MILLISECONDS);
      }

      @Override
      public boolean isClosed() {
        return closed.isDone();
      }

      @Override
      public void peerSilent() {
        Log.error("No frame from the orchestrator, closing the connection", "for", (TunnelProtocol.DEAD_AFTER_MILLIS / 1000) + "s");
        fail(TunnelProtocol.CLOSE_PEER_SILENT, "peer silent for " + TunnelProtocol.DEAD_AFTER_MILLIS / 1000 + " s");
      }

      @Override
      public void sendFailed(Exception e) {
        Log.warn("Tunnel send failed", "err", String.valueOf(e.getCause() != null ? e.getCause() : e));
        finish(new Closed(-1, "send failed"));
      }
    });
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    if (closed.isDone()) {
      return null;
    }
    try {
      if (assembly == null && last) {
        mux.receive(data);
      } else {
        if (assembly == null) {
          assembly = ByteBuffer.allocate(TunnelProtocol.MAX_FRAME);
        }
        if (data.remaining() > assembly.remaining()) {
          throw ProtocolException.tooBig("message larger than " + TunnelProtocol.MAX_FRAME + " bytes");
        }
        assembly.put(data);
        if (last) {
          ByteBuffer message = assembly.flip();
          assembly = null;
          mux.receive(message);
        }
      }
    } catch (ProtocolException e) {
      fail(e.closeCode(), e.getMessage());
      return null;
    } catch (RuntimeException e) {
      Log.error("Tunnel receive failed", "err", String.valueOf(e));
      fail(TunnelProtocol.CLOSE_PROTOCOL_ERROR, "internal error");
      return null;
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    if (closed.isDone()) {
      return null;
    }
    fail(TunnelProtocol.CLOSE_PROTOCOL_ERROR, "text message on the tunnel");
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    finish(new Closed(statusCode, reason));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    finish(new Closed(-1, String.valueOf(error.getMessage() != null ? error.getMessage() : error)));
  }

  /** Closes with a protocol error: logs why, tells the peer, and drops the TCP connection. */
  void fail(int code, String reason) {
    if (closed.isDone()) {
      return;
    }
    Log.error("Tunnel protocol error, closing the connection", "code", code, "err", reason);
    WebSocket w = ws;
    finish(new Closed(code, reason));
    if (w != null) {
      // Keep reading (and discarding) until the peer's close arrives: closing the socket with
      // unread input would send a RST that can destroy our close frame in flight.
      w.sendClose(code, truncate(reason)).whenComplete((x, e) -> {
        if (e != null) {
          Log.debug("Close frame not sent", "err", String.valueOf(e));
        }
      });
      w.request(Long.MAX_VALUE);
      CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS).execute(w::abort);
    }
  }

  /** Orderly close after a drain: queued frames go out first. */
  void closeGracefully(int code, String reason, long timeoutMillis) {
    WebSocket w = ws;
    queue.awaitEmpty(timeoutMillis);
    if (w != null) {
      try {
        w.sendClose(code, reason).get(timeoutMillis, TimeUnit.MILLISECONDS);
        closed.get(timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        // The peer did not answer the close in time; abort below.
      }
      w.abort();
    }
    finish(new Closed(code, reason));
  }

  private void finish(Closed how) {
    if (closed.complete(how)) {
      queue.close();
      mux.closeAll("tunnel connection closed");
      WebSocket w = ws;
      if (w != null && how.code() < 0) {
        w.abort();
      }
    }
  }

  private static String truncate(String reason) {
    // A close frame's reason must fit in 123 bytes.
    return reason.length() > 120 ? reason.substring(0, 120) : reason;
  }
}
