package io.agentkit.tunnel.mux;

import io.agentkit.contract.log.Log;
import io.agentkit.tunnel.protocol.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The socket I/O of every stream of one connection on one platform thread: a selector over the
 * streams' non-blocking sockets. When a socket is readable the loop reads it into a DATA frame and
 * hands it to the sink, which usually writes it to the WebSocket on this same thread; when a socket
 * is writable again it writes what the receive loop could not. A stream therefore costs no thread,
 * and a byte crosses no thread hand-off between its socket and the WebSocket: the same path
 * {@code ssh -R}'s event loop takes. Reads from one socket read one chunk per round, so a busy
 * stream cannot starve the others.
 *
 * <p>The thread and the selector start with the first stream. Streams whose reading waits for send
 * budget are kept here and resumed when the sink says budget is back.
 */
final class StreamLoop {

  private final FrameSink sink;
  private final ConcurrentLinkedQueue<TunnelStream> joining = new ConcurrentLinkedQueue<>();
  /** Loop thread only. */
  private final ArrayDeque<TunnelStream> starved = new ArrayDeque<>();
  private volatile boolean budgetBack;
  private volatile boolean closed;
  /** Set once, under {@code this}. */
  private volatile Selector selector;
  private volatile Thread thread;

  StreamLoop(FrameSink sink) {
    this.sink = sink;
    sink.onBudgetFree(() -> {
      budgetBack = true;
      wakeup();
    });
  }

  /** Adds a started stream; the loop registers its socket. */
  void register(TunnelStream s) {
    if (closed) {
      s.terminate(Reason.CANCELLED, "the tunnel connection is closed");
      return;
    }
    if (!ensureStarted()) {
      s.abort(Reason.INTERNAL, "the connection's stream loop is not running", true);
      return;
    }
    joining.add(s);
    selector.wakeup();
  }

  /** Loop thread only: {@code s} waits for send budget. */
  void starved(TunnelStream s) {
    starved.add(s);
  }

  /** Makes a select in progress return (a key's interest changed, or a channel was closed). */
  void wakeup() {
    Selector sel = selector;
    if (sel != null) {
      sel.wakeup();
    }
  }

  /** {@link #wakeup} unless called from the loop itself, which selects again anyway. */
  void wakeupFromOutside() {
    if (Thread.currentThread() != thread) {
      wakeup();
    }
  }

  /** The connection is gone (its streams are terminated first): the thread ends, the selector closes. */
  void close() {
    closed = true;
    wakeup();
  }

  private synchronized boolean ensureStarted() {
    if (thread != null) {
      return thread.isAlive();
    }
    try {
      selector = Selector.open();
    } catch (IOException e) {
      Log.error("Cannot open a selector for the tunnel's streams", "err", e.getMessage());
      return false;
    }
    Thread t = new Thread(this::run, "tunnel-streams");
    t.setDaemon(true);
    thread = t;
    t.start();
    return true;
  }

  private void run() {
    Selector sel = selector;
    // Where each read lands before it is copied into a frame of exactly its size (reading into a heap
    // array would copy through a temporary direct buffer anyway).
    ByteBuffer scratch = ByteBuffer.allocateDirect(sink.dataChunk());
    try {
      while (!closed) {
        sel.select();
        TunnelStream s;
        while ((s = joining.poll()) != null) {
          try {
            s.register(sel);
          } catch (RuntimeException e) {
            Log.error("Stream failed", "stream", Integer.toUnsignedString(s.id()), "target", s.target(), "err", String.valueOf(e));
            s.abort(Reason.INTERNAL, "internal error", true);
          }
        }
        if (budgetBack) {
          budgetBack = false;
          while ((s = starved.poll()) != null) {
            s.budgetBack();
          }
        }
        for (SelectionKey k : sel.selectedKeys()) {
          ((TunnelStream) k.attachment()).onReady(k, scratch);
        }
        sel.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException | Error e) {
      // The selector itself failed: no stream of this connection can move any more.
      Log.error("The tunnel's stream loop failed", "err", String.valueOf(e));
      for (SelectionKey k : new ArrayList<>(sel.keys())) {
        if (k.attachment() instanceof TunnelStream t) {
          t.abort(Reason.INTERNAL, "internal error", true);
        }
      }
    } finally {
      try {
        sel.close();
      } catch (IOException ignored) {
        // Nothing left to release.
      }
    }
  }
}
