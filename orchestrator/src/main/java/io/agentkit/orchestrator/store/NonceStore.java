package io.agentkit.orchestrator.store;

import io.agentkit.contract.log.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Nonces of accepted tunnel handshakes, kept while their signature could still be replayed
 * ({@code created} within the ±window of the clock) and persisted, so a restart does not reopen
 * replay. An append-only file of one line per nonce ({@code <created> <keyid> <nonce>}), synced
 * before the handshake is answered, rewritten without expired lines once they dominate.
 *
 * <p>When the history is unknown (the file is unreadable, or missing next to an existing store),
 * no nonce can be trusted to be fresh: until the window has passed, only signatures created after
 * this process started are accepted. An unreadable file is moved aside, never deleted.
 */
public final class NonceStore implements AutoCloseable {

  /** Bound on remembered nonces: accepted handshakes within one window. Beyond it handshakes wait. */
  public static final int MAX_NONCES = 20_000;

  /** Keys and nonces are base64url or hex: no spaces, no newlines. */
  private static final Pattern LINE = Pattern.compile("(-?[0-9]{1,18}) ([A-Za-z0-9_-]{1,256}) ([A-Za-z0-9_-]{1,256})");

  /** The store cannot take the nonce; the handshake must be refused without blaming the agent. */
  public static final class Full extends IOException {
    private static final long serialVersionUID = 1L;

    Full(String message) {
      super(message);
    }
  }

  private final Path file;
  private final long windowSeconds;
  private final long notBefore;
  private final int maxNonces;
  // Guarded by this: "<keyid> <nonce>" -> created, in insertion order.
  private final Map<String, Long> seen = new LinkedHashMap<>();
  private FileChannel log;
  private int linesInFile;

  private NonceStore(Path file, long windowSeconds, long notBefore, int maxNonces) {
    this.file = file;
    this.windowSeconds = windowSeconds;
    this.notBefore = notBefore;
    this.maxNonces = maxNonces;
  }

  /**
   * @param historyExpected whether a nonce file should exist (the orchestrator has run here before)
   */
  public static NonceStore open(Path file, long windowSeconds, boolean historyExpected, Instant now) throws IOException {
    return open(file, windowSeconds, historyExpected, now, MAX_NONCES);
  }

  static NonceStore open(Path file, long windowSeconds, boolean historyExpected, Instant now, int maxNonces) throws IOException {
    long start = now.getEpochSecond();
    NonceStore s;
    if (Files.exists(file)) {
      s = new NonceStore(file, windowSeconds, Long.MIN_VALUE, maxNonces);
      String problem = s.load(now);
      if (problem != null) {
        Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + start);
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        Log.warn("Nonce file unreadable: moved aside; until the signature window has passed only handshakes signed after this start are accepted",
            "file", file, "problem", problem, "movedTo", aside, "windowSeconds", windowSeconds);
        s = new NonceStore(file, windowSeconds, start, maxNonces);
      }
    } else {
      s = new NonceStore(file, windowSeconds, historyExpected ? start : Long.MIN_VALUE, maxNonces);
      if (historyExpected) {
        Log.warn("Nonce file missing next to an existing store; until the signature window has passed only handshakes signed after this start are accepted",
            "file", file, "windowSeconds", windowSeconds);
      }
    }
    s.rewrite(now);
    return s;
  }

  /**
   * Signatures created before this epoch second are refused: their nonces may have been used before
   * a restart that lost the history.
   */
  public long notBefore() {
    return notBefore;
  }

  /**
   * Remembers a nonce of a verified signature, durably, before returning true; false when it was
   * seen within the window already (a replay).
   */
  public synchronized boolean remember(String keyid, String nonce, long created, Instant now) throws IOException {
    if (!LINE.matcher("0 " + keyid + " " + nonce).matches()) {
      throw new IllegalArgumentException("keyid and nonce must be base64url or hex");
    }
    String key = keyid + " " + nonce;
    expire(now);
    if (seen.containsKey(key)) {
      return false;
    }
    if (seen.size() >= maxNonces) {
      throw new Full(maxNonces + " handshakes accepted within " + windowSeconds + " s; refusing more until older nonces expire");
    }
    if (linesInFile > 2 * seen.size() + 1000) {
      rewrite(now);
    }
    ByteBuffer line = ByteBuffer.wrap((created + " " + key + "\n").getBytes(StandardCharsets.US_ASCII));
    while (line.hasRemaining()) {
      log.write(line);
    }
    log.force(false);
    linesInFile++;
    seen.put(key, created);
    return true;
  }

  public synchronized int size() {
    return seen.size();
  }

  @Override
  public synchronized void close() throws IOException {
    if (log != null) {
      log.close();
    }
  }

  /** Reads the file; returns a problem description when it is not a nonce file. */
  private String load(Instant now) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    String[] lines = text.split("\n", -1);
    // The last element is what follows the final newline: empty, or a line cut short by a crash
    // during its append, whose handshake was therefore never answered.
    for (int i = 0; i < lines.length - 1; i++) {
      Matcher m = LINE.matcher(lines[i]);
      if (!m.matches()) {
        return "line " + (i + 1) + " is not '<created> <keyid> <nonce>'";
      }
      seen.put(m.group(2) + " " + m.group(3), Long.parseLong(m.group(1)));
    }
    expire(now);
    return null;
  }

  private void expire(Instant now) {
    long oldest = now.getEpochSecond() - windowSeconds;
    for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
      if (it.next() < oldest) {
        it.remove();
      }
    }
  }

  /** Writes the live nonces to a fresh file (atomically) and appends to it from then on. */
  private void rewrite(Instant now) throws IOException {
    expire(now);
    StringBuilder sb = new StringBuilder(seen.size() * 80);
    seen.forEach((key, created) -> sb.append(created).append(' ').append(key).append('\n'));
    if (log != null) {
      log.close();
    }
    DataFiles.replace(file, sb.toString().getBytes(StandardCharsets.US_ASCII));
    log = FileChannel.open(file, EnumSet.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    linesInFile = seen.size();
  }
}
