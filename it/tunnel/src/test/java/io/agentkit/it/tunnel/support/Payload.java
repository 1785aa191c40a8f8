package io.agentkit.it.tunnel.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Deterministic pseudo-random bytes, so both ends can check a transfer bit for bit. */
public final class Payload {

  private final SplittableRandom random;

  public Payload(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** Fills {@code b[0..len)} with the next bytes of the sequence (len a multiple of 8 except at the end). */
  public void next(byte[] b, int len) {
    int i = 0;
    while (i < len) {
      long v = random.nextLong();
      for (int k = 0; k < 8 && i < len; k++, i++) {
        b[i] = (byte) (v >>> (8 * k));
      }
    }
  }

  public static String sha256(long n, long seed) {
    MessageDigest d = sha();
    try {
      write(n, seed, new DigestOutputStream(OutputStream.nullOutputStream(), d));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(d.digest());
  }

  /** Writes the first {@code n} bytes of the sequence for {@code seed}. */
  public static void write(long n, long seed, OutputStream out) throws IOException {
    Payload p = new Payload(seed);
    byte[] b = new byte[64 * 1024];
    long left = n;
    while (left > 0) {
      int len = (int) Math.min(b.length, left);
      p.next(b, len);
      out.write(b, 0, len);
      left -= len;
    }
  }

  public static MessageDigest sha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
