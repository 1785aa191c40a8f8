package io.agentkit.orchestrator.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Which connections a listener holds: caps on all connections and on connections not yet
 * authenticated ("pending"), each globally and per source address, and a deadline by which a
 * pending connection must have finished TLS and its request head.
 *
 * <p>When the pending caps are reached, the oldest pending connection (of that source, or overall)
 * is closed to make room instead of refusing the newcomer: a client that completes its handshake in
 * milliseconds always gets through, while slow peers can only hold slots until someone new arrives.
 * When the caps on all connections are reached and nothing is pending, the newcomer is refused:
 * those slots belong to authenticated peers.
 *
 * <p>All state is guarded by {@code this}; sockets are closed outside the lock.
 */
public final class Admission {

  /** The bounds of one listener. */
  public record Limits(int maxConnections, int maxPerSource, int maxPending, int maxPendingPerSource, Duration pendingDeadline) {
    public Limits {
      if (maxPending > maxConnections || maxPendingPerSource > maxPerSource || maxPendingPerSource > maxPending || maxPendingPerSource < 1) {
        throw new IllegalArgumentException("pending caps must be positive and within the connection caps");
      }
    }
  }

  /** Counts for the log and for tests. */
  public record Counts(int connections, int pending, long evicted, long expired, long refused) {}

  private final Limits limits;
  private final LinkedHashSet<Ticket> pending = new LinkedHashSet<>();
  private final Map<String, LinkedHashSet<Ticket>> pendingBySource = new HashMap<>();
  private final Map<String, Integer> bySource = new HashMap<>();
  private final LinkedHashSet<Ticket> handedOff = new LinkedHashSet<>();
  private int connections;
  private long evicted;
  private long expired;
  private long refused;

  public Admission(Limits limits) {
    this.limits = limits;
  }

  public Limits limits() {
    return limits;
  }

  public synchronized Counts counts() {
    return new Counts(connections, pending.size(), evicted, expired, refused);
  }

  /**
   * Admits a freshly accepted socket as pending, closing older pending connections if the caps
   * require it. Returns null when the socket must be refused (the caller closes it).
   */
  public Ticket admit(Socket socket) {
    String source = source(socket.getInetAddress());
    List<Ticket> victims = new ArrayList<>();
    Ticket ticket;
    synchronized (this) {
      LinkedHashSet<Ticket> fromSource = pendingBySource.get(source);
      int sourceCount = bySource.getOrDefault(source, 0);
      if (connections >= limits.maxConnections() && pending.isEmpty()
          || sourceCount >= limits.maxPerSource() && (fromSource == null || fromSource.isEmpty())) {
        refused++;
        return null;
      }
      while (fromSource != null && !fromSource.isEmpty()
          && (fromSource.size() >= limits.maxPendingPerSource() || bySource.getOrDefault(source, 0) >= limits.maxPerSource())) {
        victims.add(evict(fromSource.iterator().next()));
      }
      while (!pending.isEmpty() && (pending.size() >= limits.maxPending() || connections >= limits.maxConnections())) {
        victims.add(evict(pending.iterator().next()));
      }
      if (connections >= limits.maxConnections() || bySource.getOrDefault(source, 0) >= limits.maxPerSource()) {
        refused++;
        ticket = null;
      } else {
        ticket = new Ticket(socket, source, System.nanoTime() + limits.pendingDeadline().toNanos());
        connections++;
        bySource.merge(source, 1, Integer::sum);
        pending.add(ticket);
        pendingBySource.computeIfAbsent(source, s -> new LinkedHashSet<>()).add(ticket);
      }
    }
    for (Ticket v : victims) {
      v.abort();
    }
    return ticket;
  }

  /**
   * Closes pending connections past their deadline and releases handed-off ones whose socket has
   * been closed by its new owner. Returns how many were closed for their deadline.
   */
  public int sweep(long nowNanos) {
    List<Ticket> late = new ArrayList<>();
    synchronized (this) {
      for (Ticket t : pending) {
        if (nowNanos - t.deadlineNanos > 0) {
          late.add(t);
        }
      }
      for (Ticket t : late) {
        release(t);
        expired++;
      }
      List<Ticket> done = new ArrayList<>();
      for (Ticket t : handedOff) {
        if (t.socket.isClosed()) {
          done.add(t);
        }
      }
      done.forEach(this::release);
    }
    for (Ticket t : late) {
      t.abort();
    }
    return late.size();
  }

  private Ticket evict(Ticket t) {
    release(t);
    evicted++;
    return t;
  }

  /** Caller holds the lock. Idempotent. */
  private void release(Ticket t) {
    if (t.released) {
      return;
    }
    t.released = true;
    connections--;
    bySource.computeIfPresent(t.source, (s, n) -> n == 1 ? null : n - 1);
    if (pending.remove(t)) {
      LinkedHashSet<Ticket> set = pendingBySource.get(t.source);
      set.remove(t);
      if (set.isEmpty()) {
        pendingBySource.remove(t.source);
      }
    }
    handedOff.remove(t);
  }

  private synchronized void leavePending(Ticket t) {
    if (t.released || !pending.remove(t)) {
      return;
    }
    LinkedHashSet<Ticket> set = pendingBySource.get(t.source);
    set.remove(t);
    if (set.isEmpty()) {
      pendingBySource.remove(t.source);
    }
  }

  /** IPv4 addresses count alone; IPv6 ones by their /64, which one host or site usually holds whole. */
  static String source(InetAddress address) {
    if (address == null) {
      return "?";
    }
    byte[] a = address.getAddress();
    return HexFormat.of().formatHex(a, 0, a.length == 16 ? 8 : a.length);
  }

  /** One admitted connection. */
  public final class Ticket implements AutoCloseable {
    private final Socket socket;
    private final String source;
    // Guarded by the Admission.
    private long deadlineNanos;
    private boolean released;
    private volatile boolean aborted;

    private Ticket(Socket socket, String source, long deadlineNanos) {
      this.socket = socket;
      this.source = source;
      this.deadlineNanos = deadlineNanos;
    }

    /** The peer authenticated: no deadline and no eviction from here on, though it still counts. */
    public void established() {
      leavePending(this);
    }

    /** Stays pending, with a new deadline {@code fromNow} from now (a request's response phase). */
    public void extend(Duration fromNow) {
      synchronized (Admission.this) {
        deadlineNanos = System.nanoTime() + fromNow.toNanos();
      }
    }

    /** The socket now belongs to something else; the slot is released once that closes it. */
    public void handOff() {
      synchronized (Admission.this) {
        if (!released) {
          leavePending(this);
          handedOff.add(this);
        }
      }
    }

    public boolean isHandedOff() {
      synchronized (Admission.this) {
        return handedOff.contains(this);
      }
    }

    /** Closed by the admission (evicted or late) rather than by its handler. */
    public boolean isAborted() {
      return aborted;
    }

    /** Releases the slot; the handler closes the socket. Idempotent. */
    @Override
    public void close() {
      synchronized (Admission.this) {
        release(this);
      }
    }

    private void abort() {
      aborted = true;
      try {
        // A reset frees the descriptor at once and leaves no TIME_WAIT behind for a peer we dropped.
        socket.setSoLinger(true, 0);
      } catch (IOException ignored) {
        // Already closed.
      }
      try {
        socket.close();
      } catch (IOException ignored) {
        // Already closed.
      }
    }
  }
}
