package io.agentkit.orchestrator.net;

import io.agentkit.contract.log.Log;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound server socket whose accept loop never dies: each accepted connection is admitted under
 * the listener's {@link Admission} limits and handled on a thread of its own (virtual in
 * production), and any {@link Throwable} from accepting, from starting that thread (such as
 * "unable to create native thread") or from the handler is logged, the connection closed and its
 * slot released. After a failure of its own the loop pauses briefly, so a persistent condition
 * does not spin, then accepts again. While the admission has no room ({@link Admission#hasRoom})
 * the loop stops accepting: newcomers wait in the kernel's backlog, which a burst of clients fills
 * rather than losing connections.
 */
public final class Listener {

  /** Handles one admitted connection on its own thread. The listener closes the socket afterwards unless handed off. */
  @FunctionalInterface
  public interface Handler {
    void handle(Socket socket, Admission.Ticket ticket) throws Exception;
  }

  /** Linux caps it at net.core.somaxconn (4096 by default since 5.4). */
  private static final int BACKLOG = 4096;
  private static final long ROOM_POLL_MILLIS = 20;
  private static final long PAUSE_AFTER_FAILURE_MILLIS = 100;
  private static final long SWEEP_MILLIS = 250;
  private static final long REPORT_MILLIS = 10_000;

  private final ServerSocket server;
  private final String name;
  private final Admission admission;
  private final Handler handler;
  private final ThreadFactory threads;
  private final AtomicLong heldBackNanos = new AtomicLong();

  private Listener(ServerSocket server, String name, Admission admission, Handler handler, ThreadFactory threads) {
    this.server = server;
    this.name = name;
    this.admission = admission;
    this.handler = handler;
    this.threads = threads;
  }

  /** Binds {@code address}; {@link #start} begins accepting. */
  public static Listener bind(InetSocketAddress address, String name, Admission.Limits limits, ThreadFactory threads, Handler handler)
      throws IOException {
    // Through a channel: accepted sockets then have channels too, which a tunnel stream needs to serve them
    // without a thread (the CONNECT proxy's clients).
    ServerSocket s = ServerSocketChannel.open().socket();
    s.setReuseAddress(true);
    try {
      s.bind(address, BACKLOG);
    } catch (IOException e) {
      s.close();
      throw new IOException("cannot listen on " + address.getHostString() + ":" + address.getPort() + " for the " + name + ": " + e.getMessage(), e);
    }
    return new Listener(s, name, new Admission(limits), handler, threads);
  }

  public int port() {
    return server.getLocalPort();
  }

  public String host() {
    return server.getInetAddress().getHostAddress();
  }

  public Admission admission() {
    return admission;
  }

  public void start() {
    // The accept loop is a platform thread: it must keep running whatever happens to the scheduler of virtual threads.
    Thread accept = new Thread(this::acceptLoop, name + "-accept");
    accept.setDaemon(true);
    accept.start();
    Thread.ofVirtual().name(name + "-sweeper").start(this::sweepLoop);
  }

  public void close() throws IOException {
    server.close();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        awaitRoom();
        socket = server.accept();
      } catch (Throwable t) {
        if (server.isClosed()) {
          return;
        }
        report("Accept failed", t);
        pause();
        continue;
      }
      dispatch(socket);
    }
  }

  /** Backpressure: accepts nothing while the admission would have to shed a client that is merely early. */
  private void awaitRoom() throws InterruptedException {
    if (admission.hasRoom()) {
      return;
    }
    long t0 = System.nanoTime();
    while (!server.isClosed() && !admission.hasRoom()) {
      admission.awaitRoom(ROOM_POLL_MILLIS);
    }
    heldBackNanos.addAndGet(System.nanoTime() - t0);
  }

  private void dispatch(Socket socket) {
    Admission.Ticket ticket = null;
    try {
      ticket = admission.admit(socket);
      if (ticket == null) {
        closeQuietly(socket);
        return;
      }
      Admission.Ticket admitted = ticket;
      threads.newThread(() -> serve(socket, admitted)).start();
    } catch (Throwable t) {
      if (ticket != null) {
        ticket.close();
      }
      closeQuietly(socket);
      report("Cannot start a connection handler", t);
      pause();
    }
  }

  private void serve(Socket socket, Admission.Ticket ticket) {
    try {
      handler.handle(socket, ticket);
    } catch (IOException e) {
      if (!ticket.isAborted()) {
        Log.debug("Connection failed", "listener", name, "remote", socket.getRemoteSocketAddress(), "err", e.getMessage());
      }
    } catch (Throwable t) {
      report("Connection handler failed", t);
    } finally {
      if (!ticket.isHandedOff()) {
        closeQuietly(socket);
        ticket.close();
      }
    }
  }

  private void sweepLoop() {
    long lastReport = System.nanoTime();
    Admission.Counts reported = admission.counts();
    while (!server.isClosed()) {
      try {
        Thread.sleep(SWEEP_MILLIS);
        admission.sweep(System.nanoTime());
        if (System.nanoTime() - lastReport > TimeUnit.MILLISECONDS.toNanos(REPORT_MILLIS)) {
          Admission.Counts now = admission.counts();
          long shed = now.evicted() - reported.evicted() + now.expired() - reported.expired() + now.refused() - reported.refused();
          long heldBackMillis = TimeUnit.NANOSECONDS.toMillis(heldBackNanos.getAndSet(0));
          if (shed == 0 && heldBackMillis > 0) {
            Log.info("Holding back accepts", "listener", name, "heldBackMillis", heldBackMillis, "connections", now.connections(),
                "pending", now.pending(), "limits", admission.limits());
          }
          if (shed > 0) {
            // One line per interval, not one per connection: an attack must not flood the log.
            Log.warn("Shedding connections", "listener", name, "evicted", now.evicted() - reported.evicted(),
                "timedOut", now.expired() - reported.expired(), "refused", now.refused() - reported.refused(),
                "heldBackMillis", heldBackMillis, "connections", now.connections(), "pending", now.pending(), "limits", admission.limits());
          }
          reported = now;
          lastReport = System.nanoTime();
        }
      } catch (Throwable t) {
        report("Connection sweep failed", t);
      }
    }
  }

  private void report(String msg, Throwable t) {
    try {
      Log.error(msg, "listener", name, "err", String.valueOf(t));
    } catch (Throwable ignored) {
      // Even logging can fail when memory is short; the loop goes on regardless.
    }
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE_AFTER_FAILURE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (Throwable ignored) {
      // Nothing left to release.
    }
  }
}
