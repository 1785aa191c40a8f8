package io.agentkit.tunnel.connection;

import io.agentkit.contract.log.Log;
import io.agentkit.tunnel.mux.Limits;
import io.agentkit.tunnel.mux.Multiplexer;
import io.agentkit.tunnel.mux.WindowBudget;
import io.agentkit.tunnel.ws.WebSocketConnection;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One tunnel connection on either end: a WebSocket, its {@link SendQueue} drained by a sender
 * thread (with pings and the dead-peer rule) and written directly by the stream loop while the
 * sender is idle, a receive loop feeding the {@link Multiplexer}, and
 * one way to end: {@link CloseCause} decides the close code and the log line, whichever thread
 * saw the end first. The owner gives the multiplexer its role before starting.
 */
public final class TunnelConnection {

  /** Milliseconds a closing end waits for the peer's close frame before it closes the socket. */
  static final int CLOSE_LINGER_MILLIS = 2000;

  private final String name;
  private final WebSocketConnection ws;
  /** The WebSocket as the sender and the callers that write directly see it. */
  private final SenderLoop.Transport transport;
  private final SendQueue queue;
  private final Multiplexer mux;
  private final LongSupplier nanoClock;
  private final Object[] logContext;
  private final CompletableFuture<CloseCause> closed = new CompletableFuture<>();
  private final AtomicBoolean ending = new AtomicBoolean();

  /**
   * @param dataChunk DATA payload per frame for this end's direction
   * @param logContext key-value pairs every log line about this connection carries (who the peer is)
   */
  public TunnelConnection(String name, WebSocketConnection ws, Limits limits, int dataChunk, LongSupplier nanoClock, Object... logContext) {
    this(name, ws, new WindowBudget(limits), dataChunk, nanoClock, logContext);
  }

  /**
   * A connection whose streams' receive windows and count come from {@code windows}, which other
   * connections may share: a server that carries many connections in one heap bounds them together.
   * Its send queue is sized from {@code windows.limits()}.
   */
  public TunnelConnection(String name, WebSocketConnection ws, WindowBudget windows, int dataChunk, LongSupplier nanoClock, Object... logContext) {
    Limits limits = windows.limits();
    this.name = name;
    this.ws = ws;
    this.nanoClock = nanoClock;
    this.logContext = logContext;
    this.transport = new SenderLoop.Transport() {
      @Override
      public void send(ByteBuffer frame) throws Exception {
        ws.sendBinary(frame);
      }

      @Override
      public boolean isClosed() {
        return ending.get();
      }

      @Override
      public void peerSilent() {
        end(CloseCause.silent(), null, false);
      }

      @Override
      public void sendFailed(Throwable e) {
        end(CloseCause.of(e), e, false);
      }
    };
    this.queue = new SendQueue(dataChunk, limits.sendBudget(), limits.controlBudget(), () -> end(CloseCause.stalled(), null, false), transport);
    this.mux = new Multiplexer(queue, windows, nanoClock);
    mux.setLogContext(logContext);
  }

  public Multiplexer mux() {
    return mux;
  }

  public SendQueue queue() {
    return queue;
  }

  /** Completes once, with how the connection ended. */
  public CompletableFuture<CloseCause> closed() {
    return closed;
  }

  public boolean isOpen() {
    return !ending.get();
  }

  /** Starts the sender and a receiver thread; returns at once. */
  public void start() {
    startSender();
    Thread receiver = new Thread(this::receiveLoop, name + "-receiver");
    receiver.setDaemon(true);
    receiver.start();
  }

  /** Starts the sender and runs the receive loop on the calling thread until the connection ends. */
  public void serve() {
    startSender();
    receiveLoop();
  }

  private void startSender() {
    Thread sender = new Thread(() -> SenderLoop.run(queue, mux, transport, nanoClock), name + "-sender");
    sender.setDaemon(true);
    sender.start();
  }

  private void receiveLoop() {
    try {
      while (!ending.get()) {
        mux.receive(ws.readMessage());
      }
    } catch (Exception | Error e) {
      // Errors too (a stack overflow, an assertion in a library): this connection ends, the process goes on.
      end(CloseCause.of(e), e, true);
    }
  }

  /** Ends the connection from this end: queued frames are dropped, the peer gets {@code code}. */
  public void close(int code, String reason) {
    end(CloseCause.local(code, reason), null, false);
  }

  /** Orderly close after a drain: queued frames go out first, then the close handshake. */
  public void closeGracefully(int code, String reason, long timeoutMillis) {
    queue.awaitEmpty(timeoutMillis);
    if (ending.get()) {
      return;
    }
    ws.sendClose(code, reason);
    try {
      // The receive loop completes this when the peer's close arrives.
      closed.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // The peer did not answer in time; close anyway.
    }
    end(CloseCause.local(code, reason), null, false);
  }

  private void end(CloseCause cause, Throwable error, boolean fromReceiver) {
    if (!ending.compareAndSet(false, true)) {
      return;
    }
    if (cause.kind().level() != null) {
      List<Object> kv = new ArrayList<>(Arrays.asList(logContext));
      kv.addAll(Arrays.asList("code", cause.code(), "err", cause.reason()));
      if (cause.kind() == CloseCause.Kind.INTERNAL && error != null && error.getStackTrace().length > 0) {
        kv.addAll(Arrays.asList("at", String.valueOf(error.getStackTrace()[0])));
      }
      Log.log(cause.kind().level(), cause.kind().message(), kv.toArray());
    }
    queue.close();
    if (cause.sendsClose()) {
      ws.sendClose(cause.code(), cause.reason());
    }
    mux.closeAll("tunnel connection closed");
    // Owners hear of the end after its log line and once no stream is left.
    closed.complete(cause);
    if (cause.sendsClose() && fromReceiver) {
      // Only the receiver may read: it waits briefly for the peer's close so the close frame is not lost to a RST.
      ws.closeAfterSending(CLOSE_LINGER_MILLIS);
    } else {
      ws.close();
    }
  }
}
