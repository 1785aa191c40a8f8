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
import java.util.function.LongSupplier;

/**
 * Which connections a listener holds: caps on all connections and on connections not yet
 * authenticated ("pending"), each globally and per source address, and a deadline by which a
 * pending connection must have finished TLS and its request head.
 *
 * <p>When a pending cap is reached, the oldest pending connection that is silent is closed to make
 * room: one that has sent no bytes we have not read yet and has not delivered its request head
 * ({@link Ticket#received}). Connections waiting on us (a burst that merely waits for our CPU) are
 * never shed. A client that completes its handshake in milliseconds therefore always gets through,
 * and slow peers can only hold slots until someone new arrives.
 *
 * <ul>
 *   <li>A source over its own pending cap sheds its own oldest silent connection at once: only it
 *       loses, and an internet-facing listener keeps answering everyone else. When none of its
 *       connections is silent, its newcomer is refused; the accept loop never waits for one source.
 *   <li>At the global caps only a connection silent for longer than the grace ({@link Limits#grace})
 *       is shed; otherwise the listener applies backpressure ({@link #hasRoom}: it stops accepting
 *       and the kernel's backlog holds the newcomers). A listener whose per-source pending cap
 *       equals its global one (a loopback proxy, where every client is one source) thus sheds no
 *       connection younger than its grace.
 * </ul>
 *
 * <p>When the caps on all connections are reached and nothing is pending, the newcomer is refused:
 * those slots belong to authenticated peers.
 *
 * <p>All state is guarded by {@code this}; sockets are closed outside the lock.
 */
public final class Admission {

  /**
   * The bounds of one listener.
   *
   * @param grace how long a pending connection is safe from eviction: time for a burst's clients to
   *     be served before anyone calls them slow
   */
  public record Limits(int maxConnections, int maxPerSource, int maxPending, int maxPendingPerSource, Duration pendingDeadline, Duration grace) {
    /** A second of grace: far longer than a handshake takes, far shorter than the deadline. */
    public static final Duration GRACE = Duration.ofSeconds(1);

    public Limits {
      if (maxPending > maxConnections || maxPendingPerSource > maxPerSource || maxPendingPerSource > maxPending || maxPendingPerSource < 1) {
        throw new IllegalArgumentException("pending caps must be positive and within the connection caps");
      }
      if (grace.isNegative() || grace.compareTo(pendingDeadline) >= 0) {
        throw new IllegalArgumentException("the grace must be shorter than the pending deadline");
      }
    }

    public Limits(int maxConnections, int maxPerSource, int maxPending, int maxPendingPerSource, Duration pendingDeadline) {
      this(maxConnections, maxPerSource, maxPending, maxPendingPerSource, pendingDeadline,
          GRACE.compareTo(pendingDeadline) < 0 ? GRACE : pendingDeadline.dividedBy(2));
    }
  }

  /** Counts for the log and for tests. */
  public record Counts(int connections, int pending, long evicted, long expired, long refused) {}

  /** At most this many pending connections are examined (a syscall each) to find one slow on its own account. */
  private static final int VICTIM_SCAN = 64;

  private final Limits limits;
  private final LinkedHashSet<Ticket> pending = new LinkedHashSet<>();
  private final Map<String, LinkedHashSet<Ticket>> pendingBySource = new HashMap<>();
  private final Map<String, Integer> bySource = new HashMap<>();
  private final LinkedHashSet<Ticket> handedOff = new LinkedHashSet<>();
  private int connections;
  private long evicted;
  private long expired;
  private long refused;

  private final LongSupplier clock;

  public Admission(Limits limits) {
    this(limits, System::nanoTime);
  }

  /** @param clock nanoseconds, as {@link System#nanoTime} (tests pass their own) */
  Admission(Limits limits, LongSupplier clock) {
    this.limits = limits;
    this.clock = clock;
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
      long now = clock.getAsLong();
      LinkedHashSet<Ticket> fromSource = pendingBySource.get(source);
      boolean sourceCapOnly = limits.maxPendingPerSource() < limits.maxPending();
      while (fromSource != null && !fromSource.isEmpty()
          && (fromSource.size() >= limits.maxPendingPerSource() || bySource.getOrDefault(source, 0) >= limits.maxPerSource())) {
        Ticket v = victim(fromSource, now, !sourceCapOnly);
        if (v == null) {
          break;
        }
        victims.add(evict(v));
      }
      while (pending.size() >= limits.maxPending() || connections >= limits.maxConnections() && !pending.isEmpty()) {
        Ticket v = victim(pending, now, true);
        if (v == null) {
          break;
        }
        victims.add(evict(v));
      }
      int fromThisSource = fromSource == null ? 0 : fromSource.size();
      if (connections >= limits.maxConnections() || pending.size() >= limits.maxPending()
          || bySource.getOrDefault(source, 0) >= limits.maxPerSource() || fromThisSource >= limits.maxPendingPerSource()) {
        refused++;
        ticket = null;
      } else {
        ticket = new Ticket(socket, source, now, now + limits.pendingDeadline().toNanos());
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
   * Whether a newcomer fits the global caps now, by a free slot or by a slow pending connection to
   * evict. When not, the accept loop waits ({@link #awaitRoom}) and the kernel's backlog holds the
   * newcomers: no one who is merely early is shed. With every slot held by an authenticated peer
   * there is room to refuse: {@link #admit} does.
   */
  public synchronized boolean hasRoom() {
    if (pending.size() < limits.maxPending() && connections < limits.maxConnections() || pending.isEmpty()) {
      return true;
    }
    return victim(pending, clock.getAsLong(), true) != null;
  }

  /** Waits up to {@code millis} for a slot to be released (or returns at once when there is room). */
  public synchronized void awaitRoom(long millis) throws InterruptedException {
    if (!hasRoom()) {
      wait(millis);
    }
  }

  /** Caller holds the lock. The oldest silent connection of {@code set} (past the grace if {@code graceful}), or null. */
  private Ticket victim(LinkedHashSet<Ticket> set, long now, boolean graceful) {
    int examined = 0;
    for (Ticket t : set) {
      if (graceful && now - t.admittedNanos < limits.grace().toNanos() || examined++ >= VICTIM_SCAN) {
        // Admission order: everyone after this one is younger still.
        return null;
      }
      if (!t.received && !t.hasUnreadBytes()) {
        return t;
      }
    }
    return null;
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
    notifyAll();
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
    notifyAll();
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
    private final long admittedNanos;
    // Guarded by the Admission.
    private long deadlineNanos;
    private boolean released;
    private boolean received;
    private volatile boolean aborted;

    private Ticket(Socket socket, String source, long admittedNanos, long deadlineNanos) {
      this.socket = socket;
      this.source = source;
      this.admittedNanos = admittedNanos;
      this.deadlineNanos = deadlineNanos;
    }

    /**
     * The peer has delivered its request head: what remains before {@link #established} is our
     * work (verifying it), so the connection is no longer evicted as slow; its deadline still holds.
     */
    public void received() {
      synchronized (Admission.this) {
        received = true;
      }
    }

    /**
     * Bytes wait in the kernel that the handler has not read: the peer is not slow, we are (a
     * burst waiting for a thread or the CPU). FIONREAD on the TCP socket under any TLS layer;
     * it takes no lock a blocked reader holds.
     */
    private boolean hasUnreadBytes() {
      try {
        return socket.getInputStream().available() > 0;
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }

    /** The peer authenticated: no deadline and no eviction from here on, though it still counts. */
    public void established() {
      leavePending(this);
    }

    /** Stays pending, with a new deadline {@code fromNow} from now (a request's response phase). */
    public void extend(Duration fromNow) {
      synchronized (Admission.this) {
        deadlineNanos = clock.getAsLong() + fromNow.toNanos();
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
