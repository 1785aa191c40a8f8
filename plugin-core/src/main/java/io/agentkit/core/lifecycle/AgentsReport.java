package io.agentkit.core.lifecycle;

import io.agentkit.core.BuildLog;
import io.agentkit.core.api.AgentApiClient;
import io.agentkit.core.api.AgentApiException;
import io.agentkit.core.api.ApiModels.AgentSession;
import io.agentkit.core.api.ApiModels.LinkedKey;
import io.agentkit.core.api.ApiModels.RegisteredAgent;
import io.agentkit.core.spec.AgentSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code agents} goal: per organization, each agent of the build with its description, its
 * linked keys (which one is the local key) and, where the API offers them, its connected sessions.
 * Keys that expire within {@link #EXPIRY_WARNING} are warned about.
 */
final class AgentsReport {

  static final Duration EXPIRY_WARNING = Duration.ofDays(30);

  /** What the local files say about a fingerprint: the current key, or the old one of a rotation. */
  record LocalFingerprints(String current, String rotatingOut) {}

  private final AgentApiClient api;
  private final BuildLog log;
  private final Instant now;

  AgentsReport(AgentApiClient api, BuildLog log, Instant now) {
    this.api = api;
    this.log = log;
    this.now = now;
  }

  /** @return warnings given (keys near expiry, agents not registered) */
  int run(List<AgentSpec> specs, Map<String, LocalFingerprints> local) throws AgentApiException {
    Map<String, List<AgentSpec>> byOrg = new LinkedHashMap<>();
    for (AgentSpec s : specs) {
      s.organizations().forEach(org -> byOrg.computeIfAbsent(org, o -> new ArrayList<>()).add(s));
    }
    int warnings = 0;
    for (Map.Entry<String, List<AgentSpec>> e : byOrg.entrySet()) {
      String org = e.getKey();
      List<RegisteredAgent> registered = api.agents(org);
      log.info("Organization " + org + " (" + api.endpoint() + "): " + registered.size() + (registered.size() == 1 ? " agent" : " agents") + " registered");
      Set<String> ours = new LinkedHashSet<>();
      for (AgentSpec spec : e.getValue()) {
        ours.add(spec.agentId());
        Optional<RegisteredAgent> agent = registered.stream().filter(a -> a.id().equals(spec.agentId())).findFirst();
        if (agent.isEmpty()) {
          log.warn("  " + spec.agentId() + ": not registered in " + org + "; run humanitec-agent:register");
          warnings++;
          continue;
        }
        warnings += agent(org, agent.get(), local.get(spec.agentId()));
      }
      List<String> others = registered.stream().map(RegisteredAgent::id).filter(id -> !ours.contains(id)).toList();
      if (!others.isEmpty()) {
        log.info("  Also registered in " + org + ", not configured in this build: " + String.join(", ", others));
      }
    }
    return warnings;
  }

  private int agent(String org, RegisteredAgent agent, LocalFingerprints local) throws AgentApiException {
    log.info("  Agent " + agent.id() + (agent.description().isEmpty() ? "" : " \"" + agent.description() + "\"")
        + (agent.createdAt().isEmpty() ? "" : ", registered " + agent.createdAt() + (agent.createdBy().isEmpty() ? "" : " by " + agent.createdBy())));
    List<LinkedKey> keys = api.keys(org, agent.id()).orElse(List.of());
    int warnings = 0;
    Table table = new Table("FINGERPRINT", "CREATED", "EXPIRES", "AUTHORIZED", "LOCAL");
    for (LinkedKey k : keys) {
      table.row(k.fingerprint(), k.createdAt(), k.expiresAt(), k.authorized() ? "yes" : "no", localRole(k.fingerprint(), local));
    }
    log.info("    Keys (" + keys.size() + "):");
    table.lines().forEach(l -> log.info("      " + l));
    for (LinkedKey k : keys) {
      Instant expiry = k.expiry();
      if (expiry != null && expiry.isBefore(now.plus(EXPIRY_WARNING))) {
        log.warn("    Key " + k.fingerprint() + " of agent " + agent.id() + " in " + org + (expiry.isBefore(now) ? " expired " : " expires ") + k.expiresAt()
            + ": rotate it with humanitec-agent:rotate-keys");
        warnings++;
      }
    }
    if (local != null && local.current() != null && keys.stream().noneMatch(k -> k.fingerprint().equals(local.current()))) {
      log.warn("    The local key " + local.current() + " is not linked in " + org + ": the agent cannot connect with it; run humanitec-agent:register");
      warnings++;
    }
    Optional<List<AgentSession>> sessions = api.sessions(org, agent.id());
    if (sessions.isEmpty()) {
      log.info("    Sessions: not offered by this Agent API");
    } else {
      log.info("    Sessions (" + sessions.get().size() + " connected):");
      Table t = new Table("CONNECTION", "KEY", "CONNECTED", "STREAMS", "STATE");
      for (AgentSession s : sessions.get()) {
        t.row(s.connectionId(), s.fingerprint().length() >= 12 ? s.fingerprint().substring(0, 12) + "…" : s.fingerprint(), s.connectedAt(),
            String.valueOf(s.activeStreams()), s.draining() ? "draining" : "serving");
      }
      t.lines().forEach(l -> log.info("      " + l));
    }
    return warnings;
  }

  private static String localRole(String fingerprint, LocalFingerprints local) {
    if (local == null) {
      return "";
    }
    if (fingerprint.equals(local.current())) {
      return "current key";
    }
    return fingerprint.equals(local.rotatingOut()) ? "old key (rotation in progress)" : "";
  }

  /** Columns padded to their widest cell. */
  private static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
      rows.add(header);
    }

    void row(String... cells) {
      rows.add(cells);
    }

    List<String> lines() {
      if (rows.size() == 1) {
        return List.of("(none)");
      }
      int[] width = new int[rows.get(0).length];
      for (String[] r : rows) {
        for (int i = 0; i < r.length; i++) {
          width[i] = Math.max(width[i], r[i].length());
        }
      }
      List<String> out = new ArrayList<>();
      for (String[] r : rows) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.length; i++) {
          sb.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
        }
        out.add(sb.toString().stripTrailing());
      }
      return out;
    }
  }
}
