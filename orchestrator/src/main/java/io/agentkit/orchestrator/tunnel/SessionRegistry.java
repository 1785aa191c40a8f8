package io.agentkit.orchestrator.tunnel;

import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.orchestrator.store.AgentStore;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Live sessions per (organization, agent id, connection id). A session registers under every
 * (organization, agent) its key serves; a newer session with the same triple replaces the old.
 */
public final class SessionRegistry {

  record Key(String org, String agentId, String connectionId) {}

  private final Map<Key, AgentSession> sessions = new LinkedHashMap<>();
  private int roundRobin;

  public void register(AgentSession session) {
    List<AgentSession> replaced = new ArrayList<>();
    synchronized (this) {
      for (AgentStore.Link link : session.identity().links()) {
        AgentSession old = sessions.put(new Key(link.org(), link.agentId(), session.identity().connectionId()), session);
        if (old != null && old != session && !replaced.contains(old)) {
          replaced.add(old);
        }
      }
    }
    for (AgentSession old : replaced) {
      old.close(TunnelProtocol.CLOSE_REPLACED, "replaced by a new connection with the same connection id");
    }
  }

  public synchronized void remove(AgentSession session) {
    sessions.values().removeIf(s -> s == session);
  }

  /** Sessions serving (org, agent), open and not draining. */
  public synchronized List<AgentSession> live(String org, String agentId) {
    List<AgentSession> out = new ArrayList<>();
    sessions.forEach((k, s) -> {
      if (k.org().equals(org) && k.agentId().equals(agentId) && s.isOpen() && !s.mux().isDraining()) {
        out.add(s);
      }
    });
    return out;
  }

  /** All sessions serving (org, agent), draining ones included: for the sessions API. */
  public synchronized List<AgentSession> all(String org, String agentId) {
    List<AgentSession> out = new ArrayList<>();
    sessions.forEach((k, s) -> {
      if (k.org().equals(org) && k.agentId().equals(agentId)) {
        out.add(s);
      }
    });
    return out;
  }

  /**
   * The session for a new stream: fewest active streams, ties broken round-robin, so streams
   * spread over replicas and a busy replica gets fewer.
   */
  public AgentSession pick(String org, String agentId, List<AgentSession> exclude) {
    List<AgentSession> candidates = live(org, agentId);
    candidates.removeIf(exclude::contains);
    if (candidates.isEmpty()) {
      return null;
    }
    int start;
    synchronized (this) {
      start = roundRobin++;
    }
    int n = candidates.size();
    List<AgentSession> rotated = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rotated.add(candidates.get(Math.floorMod(start + i, n)));
    }
    return rotated.stream().min(Comparator.comparingInt(s -> s.mux().activeStreams())).orElse(null);
  }

  /** Closes the sessions of (org, agent) whose key is no longer linked there. */
  public void revoke(String org, String agentId, AgentStore store) {
    List<AgentSession> victims = new ArrayList<>();
    synchronized (this) {
      sessions.forEach((k, s) -> {
        if (k.org().equals(org) && k.agentId().equals(agentId)) {
          boolean stillLinked = store.links(s.identity().fingerprint()).stream()
              .anyMatch(l -> l.org().equals(org) && l.agentId().equals(agentId));
          if (!stillLinked && !victims.contains(s)) {
            victims.add(s);
          }
        }
      });
    }
    for (AgentSession s : victims) {
      s.close(TunnelProtocol.CLOSE_REVOKED, "key unlinked or agent deleted");
    }
  }

  /**
   * Closes (4001) every session that serves an (organization, agent) its key no longer may: unlinked,
   * no longer authorized or expired at {@code now}. Run periodically, so an expiry takes effect
   * without a store change to trigger it. Returns how many sessions it closed.
   */
  public int closeUnauthorized(AgentStore store, Instant now) {
    List<AgentSession> all;
    synchronized (this) {
      all = new ArrayList<>(new LinkedHashSet<>(sessions.values()));
    }
    // Outside this lock: the store calls into the registry (revoke) while holding its own.
    List<AgentSession> victims = all.stream()
        .filter(s -> !s.identity().links().stream().allMatch(l -> store.usable(l.org(), l.agentId(), s.identity().fingerprint(), now)))
        .toList();
    for (AgentSession s : victims) {
      s.close(TunnelProtocol.CLOSE_REVOKED, "key expired, unauthorized or unlinked");
    }
    return victims.size();
  }

  public void closeAll(int code, String reason) {
    List<AgentSession> all;
    synchronized (this) {
      all = new ArrayList<>(new LinkedHashSet<>(sessions.values()));
    }
    for (AgentSession s : all) {
      s.close(code, reason);
    }
  }
}
