package io.agentkit.orchestrator.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Per-organization credentials of the CONNECT proxy. A token is 256 random bits, shown once when
 * created; the file keeps only its SHA-256 (a fast hash is enough for a secret with that much
 * entropy: there is nothing to guess). Each token opens streams to its organization's agents only.
 */
public final class ProxyTokenStore {

  /** Organization ids as the agent accepts them in ORGS. */
  public static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  public static final int MAX_PER_ORG = 100;

  public static final int MAX_DESCRIPTION = 200;

  /** Prefix of every token, so a leaked one is recognisable (and scanners can find it). */
  public static final String PREFIX = "akpt_";

  /** One token as stored: its hash, never the token. */
  public record Token(
      String id,
      @JsonProperty("org_id") String orgId,
      String description,
      @JsonProperty("created_at") String createdAt,
      @JsonProperty("created_by") String createdBy,
      String sha256) {}

  /** A new token: the record and, this once, the secret. */
  public record Created(Token token, String secret) {}

  private static final TypeReference<List<Token>> TYPE = new TypeReference<>() {};
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  // Guarded by this: sha256 -> token.
  private final Map<String, Token> byHash = new LinkedHashMap<>();
  private Consumer<Token> onRevoked = t -> { };

  private ProxyTokenStore(Path file) {
    this.file = file;
  }

  /** Reads the tokens, or starts with none; an unreadable file is refused and left as it is. */
  public static ProxyTokenStore open(Path file) throws IOException {
    ProxyTokenStore s = new ProxyTokenStore(file);
    if (Files.exists(file)) {
      List<Token> tokens;
      try {
        tokens = new ObjectMapper().readValue(Files.readAllBytes(file), TYPE);
      } catch (JacksonException e) {
        throw new IOException("the proxy token file " + file + " is not a complete JSON list (truncated or corrupt): restore it from a backup,"
            + " or move it away and create new tokens; the orchestrator does not start on, or rewrite, a file it cannot read");
      }
      for (Token t : tokens == null ? List.<Token>of() : tokens) {
        if (t == null || t.id() == null || t.orgId() == null || t.sha256() == null || !t.sha256().matches("[0-9a-f]{64}")) {
          throw new IOException("the proxy token file " + file + " has an incomplete entry: restore it from a backup, or remove that entry");
        }
        s.byHash.put(t.sha256(), t);
      }
    }
    return s;
  }

  /** Called with a token after it is revoked: close what it opened. */
  public synchronized void onRevoked(Consumer<Token> listener) {
    this.onRevoked = listener;
  }

  public synchronized Created create(String org, String description, String by) throws StoreException {
    requireOrg(org);
    String d = description == null ? "" : description;
    if (d.length() > MAX_DESCRIPTION) {
      throw new StoreException(400, "description must be at most " + MAX_DESCRIPTION + " characters");
    }
    if (list(org).size() >= MAX_PER_ORG) {
      throw new StoreException(409, org + " has " + MAX_PER_ORG + " proxy tokens already: revoke unused ones first");
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    byte[] idBytes = new byte[6];
    RANDOM.nextBytes(idBytes);
    Token t = new Token("pt-" + HexFormat.of().formatHex(idBytes), org, d, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), by, sha256(token));
    byHash.put(t.sha256(), t);
    try {
      save();
    } catch (StoreException e) {
      byHash.remove(t.sha256());
      throw e;
    }
    return new Created(t, token);
  }

  public synchronized List<Token> list(String org) {
    List<Token> out = new ArrayList<>();
    for (Token t : byHash.values()) {
      if (t.orgId().equals(org)) {
        out.add(t);
      }
    }
    return out;
  }

  public void revoke(String org, String id) throws StoreException {
    Token revoked;
    Consumer<Token> listener;
    synchronized (this) {
      revoked = byHash.values().stream().filter(t -> t.orgId().equals(org) && t.id().equals(id)).findFirst().orElse(null);
      if (revoked == null) {
        throw new StoreException(404, "proxy token " + id + " not found in " + org);
      }
      byHash.remove(revoked.sha256());
      try {
        save();
      } catch (StoreException e) {
        byHash.put(revoked.sha256(), revoked);
        throw e;
      }
      listener = onRevoked;
    }
    listener.accept(revoked);
  }

  /** Whether {@code token} has not been revoked. */
  public synchronized boolean isLive(Token token) {
    return byHash.get(token.sha256()) == token;
  }

  /** The token a presented secret is, or null. */
  public synchronized Token authenticate(String secret) {
    if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
      return null;
    }
    return byHash.get(sha256(secret));
  }

  private static void requireOrg(String org) throws StoreException {
    if (org == null || !ORG_ID.matcher(org).matches()) {
      throw new StoreException(400, "organization id must match " + ORG_ID.pattern());
    }
  }

  private void save() throws StoreException {
    try {
      DataFiles.replace(file, json.writeValueAsBytes(new ArrayList<>(byHash.values())));
    } catch (IOException e) {
      throw new StoreException(500, "cannot write the proxy token file " + file + ": " + e.getMessage());
    }
  }

  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
