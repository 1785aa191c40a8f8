package io.agentkit.orchestrator.store;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentkit.contract.keys.Fingerprints;
import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.contract.keys.PublicKeyReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Agents and keys per organization in one JSON file, rewritten atomically ({@link DataFiles}: mode
 * 0600, fsync, rename) before any change is acknowledged, so a SIGKILL never loses an answered request.
 * All methods are synchronized: the reference orchestrator's write rate is tiny.
 */
public final class AgentStore {

  /** Agent id pattern from the Agent API. */
  public static final Pattern AGENT_ID = Pattern.compile("^[a-z0-9](?:-?[a-z0-9]+)+$");

  /** Keys expire two years after they are linked, as in the Agent API. */
  public static final long KEY_LIFETIME_DAYS = 730;

  /** One agent with its keys, as stored. */
  public record Entry(AgentRecord agent, Map<String, KeyRecord> keys) {}

  /** Where a key is linked. */
  public record Link(String org, String agentId, KeyRecord key) {}

  private static final TypeReference<Map<String, Map<String, Entry>>> TYPE = new TypeReference<>() {};

  private final Path file;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Map<String, Map<String, Entry>> orgs;
  private BiConsumer<String, String> onRevoked = (org, agent) -> { };

  private AgentStore(Path file, Map<String, Map<String, Entry>> orgs) {
    this.file = file;
    this.orgs = orgs;
  }

  /**
   * Reads the store, or starts an empty one when the file does not exist. A file that is not a
   * complete store (truncated, corrupt, edited by hand into another shape) is refused with an
   * {@link IOException} naming it, and left exactly as it is.
   */
  public static AgentStore open(Path file) throws IOException {
    Map<String, Map<String, Entry>> orgs = new LinkedHashMap<>();
    if (Files.exists(file)) {
      Map<String, Map<String, Entry>> read;
      try {
        read = new ObjectMapper().readValue(Files.readAllBytes(file), TYPE);
      } catch (JacksonException e) {
        throw unreadable(file, "is not a complete JSON store (truncated or corrupt"
            + (e.getLocation() == null ? "" : " near line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()) + ")");
      }
      if (read == null) {
        throw unreadable(file, "holds no store object");
      }
      for (Map.Entry<String, Map<String, Entry>> org : read.entrySet()) {
        Map<String, Entry> m = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : (org.getValue() == null ? Map.<String, Entry>of() : org.getValue()).entrySet()) {
          String problem = problem(org.getKey(), e.getKey(), e.getValue());
          if (problem != null) {
            throw unreadable(file, "has an invalid entry for agent " + e.getKey() + " in " + org.getKey() + ": " + problem);
          }
          m.put(e.getKey(), new Entry(e.getValue().agent(), new LinkedHashMap<>(e.getValue().keys())));
        }
        orgs.put(org.getKey(), m);
      }
    }
    return new AgentStore(file, orgs);
  }

  private static String problem(String org, String id, Entry e) {
    if (e == null || e.agent() == null || e.keys() == null) {
      return "agent or keys missing";
    }
    if (!id.equals(e.agent().id()) || !org.equals(e.agent().orgId())) {
      return "id or org_id does not match its place";
    }
    for (Map.Entry<String, KeyRecord> k : e.keys().entrySet()) {
      KeyRecord r = k.getValue();
      if (r == null || !k.getKey().equals(r.fingerprint()) || r.key() == null || r.expiredAt() == null) {
        return "key " + k.getKey() + " is incomplete";
      }
      try {
        Instant.parse(r.expiredAt());
      } catch (DateTimeParseException ex) {
        return "key " + k.getKey() + " has expired_at '" + r.expiredAt() + "', not an ISO-8601 instant";
      }
    }
    return null;
  }

  private static IOException unreadable(Path file, String problem) {
    return new IOException("the store " + file + " " + problem
        + ": restore it from a backup or move it away to start empty; the orchestrator does not start on, or rewrite, a store it cannot read");
  }

  /** Called with (org, agent id) after a key is unlinked or an agent deleted: drop its sessions. */
  public synchronized void onRevoked(BiConsumer<String, String> listener) {
    this.onRevoked = listener;
  }

  public synchronized AgentRecord create(String org, String id, String publicKeyPem, String description, String by) throws StoreException {
    if (id == null || !AGENT_ID.matcher(id).matches()) {
      throw new StoreException(400, "id must match " + AGENT_ID.pattern());
    }
    KeyRecord key = parseKey(publicKeyPem, by);
    Map<String, Entry> agents = orgs.computeIfAbsent(org, o -> new LinkedHashMap<>());
    if (agents.containsKey(id)) {
      throw new StoreException(409, "agent " + id + " already exists in " + org);
    }
    requireUnlinked(org, key.fingerprint());
    AgentRecord agent = new AgentRecord(id, description == null ? "" : description, org, now(), by);
    Map<String, KeyRecord> keys = new LinkedHashMap<>();
    keys.put(key.fingerprint(), key);
    agents.put(id, new Entry(agent, keys));
    save();
    return agent;
  }

  public synchronized List<AgentRecord> list(String org, String fingerprint) {
    List<AgentRecord> out = new ArrayList<>();
    for (Entry e : orgs.getOrDefault(org, Map.of()).values()) {
      if (fingerprint == null || e.keys().containsKey(fingerprint)) {
        out.add(e.agent());
      }
    }
    return out;
  }

  public synchronized AgentRecord describe(String org, String id, String description) throws StoreException {
    Entry e = entry(org, id);
    if (description == null) {
      throw new StoreException(400, "description is required");
    }
    Entry updated = new Entry(e.agent().withDescription(description), e.keys());
    orgs.get(org).put(id, updated);
    save();
    return updated.agent();
  }

  public synchronized void delete(String org, String id) throws StoreException {
    entry(org, id);
    orgs.get(org).remove(id);
    save();
    onRevoked.accept(org, id);
  }

  public synchronized List<KeyRecord> keys(String org, String id) throws StoreException {
    return List.copyOf(entry(org, id).keys().values());
  }

  public synchronized KeyRecord link(String org, String id, String publicKeyPem, String by) throws StoreException {
    Entry e = entry(org, id);
    KeyRecord key = parseKey(publicKeyPem, by);
    requireUnlinked(org, key.fingerprint());
    e.keys().put(key.fingerprint(), key);
    save();
    return key;
  }

  public synchronized void unlink(String org, String id, String fingerprint) throws StoreException {
    Entry e = entry(org, id);
    if (e.keys().remove(fingerprint) == null) {
      throw new StoreException(404, "key " + fingerprint + " is not linked to " + id);
    }
    save();
    onRevoked.accept(org, id);
  }

  /** Every agent, in every organization, that the key is linked to. */
  public synchronized List<Link> links(String fingerprint) {
    List<Link> out = new ArrayList<>();
    orgs.forEach((org, agents) -> agents.forEach((id, e) -> {
      KeyRecord k = e.keys().get(fingerprint);
      if (k != null) {
        out.add(new Link(org, id, k));
      }
    }));
    return out;
  }

  /** Whether {@code fingerprint} is still linked to (org, agent id), authorized and unexpired at {@code now}. */
  public synchronized boolean usable(String org, String agentId, String fingerprint, Instant now) {
    Entry e = orgs.getOrDefault(org, Map.of()).get(agentId);
    KeyRecord k = e == null ? null : e.keys().get(fingerprint);
    return k != null && k.usableAt(now);
  }

  private Entry entry(String org, String id) throws StoreException {
    Entry e = orgs.getOrDefault(org, Map.of()).get(id);
    if (e == null) {
      throw new StoreException(404, "agent " + id + " not found in " + org);
    }
    return e;
  }

  private void requireUnlinked(String org, String fingerprint) throws StoreException {
    for (Entry e : orgs.getOrDefault(org, Map.of()).values()) {
      if (e.keys().containsKey(fingerprint)) {
        throw new StoreException(409, "key " + fingerprint + " is already linked to agent " + e.agent().id() + " in " + org);
      }
    }
  }

  private static KeyRecord parseKey(String pem, String by) throws StoreException {
    if (pem == null || !pem.contains("-----BEGIN PUBLIC KEY-----")) {
      throw new StoreException(400, "public_key must be a PEM '-----BEGIN PUBLIC KEY-----' block (SubjectPublicKeyInfo)");
    }
    RSAPublicKey key;
    try {
      key = PublicKeyReader.parse(pem.getBytes(StandardCharsets.US_ASCII), "public_key");
    } catch (KeyFileException e) {
      throw new StoreException(400, e.getMessage());
    }
    Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new KeyRecord(Fingerprints.of(key), pem, created.toString(), by, created.plus(KEY_LIFETIME_DAYS, ChronoUnit.DAYS).toString(), true);
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private void save() throws StoreException {
    try {
      DataFiles.replace(file, json.writeValueAsBytes(orgs));
    } catch (IOException e) {
      throw new StoreException(500, "cannot write the store " + file + ": " + e.getMessage());
    }
  }
}
