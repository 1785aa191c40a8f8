package io.agentkit.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NonceStoreTest {

  private static final String KEY = "ab".repeat(32);
  private static final Instant T0 = Instant.ofEpochSecond(1_800_000_000L);

  @TempDir
  Path dir;

  private NonceStore open(Instant now, boolean historyExpected) throws Exception {
    return NonceStore.open(dir.resolve("nonces.log"), 300, historyExpected, now);
  }

  @Test
  void aNonceIsAcceptedOnceAndRememberedAcrossAReopen() throws Exception {
    try (NonceStore s = open(T0, false)) {
      assertThat(s.remember(KEY, "nonce-aaaaaaaaaaaaaaaaaa", T0.getEpochSecond(), T0)).isTrue();
      assertThat(s.remember(KEY, "nonce-aaaaaaaaaaaaaaaaaa", T0.getEpochSecond(), T0)).isFalse();
      assertThat(s.remember("cd".repeat(32), "nonce-aaaaaaaaaaaaaaaaaa", T0.getEpochSecond(), T0)).as("another key's nonce").isTrue();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("nonces.log")))).isEqualTo("rw-------");
    try (NonceStore s = open(T0.plusSeconds(60), true)) {
      assertThat(s.notBefore()).isEqualTo(Long.MIN_VALUE);
      assertThat(s.remember(KEY, "nonce-aaaaaaaaaaaaaaaaaa", T0.getEpochSecond(), T0.plusSeconds(60))).isFalse();
    }
  }

  @Test
  void onlyNoncesInsideTheWindowAreKept() throws Exception {
    try (NonceStore s = open(T0, false)) {
      for (int i = 0; i < 50; i++) {
        s.remember(KEY, "old-nonce-aaaaaaaaaaaaaaa" + i, T0.getEpochSecond(), T0);
      }
      s.remember(KEY, "fresh-nonce-aaaaaaaaaaaaaa", T0.getEpochSecond() + 200, T0.plusSeconds(200));
      assertThat(s.size()).isEqualTo(51);
      s.remember(KEY, "later-nonce-aaaaaaaaaaaaaa", T0.getEpochSecond() + 301, T0.plusSeconds(301));
      assertThat(s.size()).as("the 50 created at T0 have left the ±300 s window").isEqualTo(2);
    }
    try (NonceStore s = open(T0.plusSeconds(301), true)) {
      assertThat(s.size()).isEqualTo(2);
      assertThat(Files.readAllLines(dir.resolve("nonces.log"))).hasSize(2);
    }
  }

  @Test
  void theStoreIsBounded() throws Exception {
    try (NonceStore s = NonceStore.open(dir.resolve("nonces.log"), 300, false, T0, 200)) {
      for (int i = 0; i < 200; i++) {
        s.remember(KEY, "n-" + i + "-aaaaaaaaaaaaaaaaaaaa", T0.getEpochSecond(), T0);
      }
      assertThatThrownBy(() -> s.remember(KEY, "one-too-many-aaaaaaaaaaaa", T0.getEpochSecond(), T0)).isInstanceOf(NonceStore.Full.class);
      // Once the window has passed there is room again.
      assertThat(s.remember(KEY, "one-too-many-aaaaaaaaaaaa", T0.getEpochSecond() + 301, T0.plusSeconds(301))).isTrue();
      assertThat(s.size()).isEqualTo(1);
    }
  }

  @Test
  void theFileIsCompactedOnceExpiredLinesDominate() throws Exception {
    try (NonceStore s = open(T0, false)) {
      for (int i = 0; i < 1100; i++) {
        s.remember(KEY, "n-" + i + "-aaaaaaaaaaaaaaaaaaaa", T0.getEpochSecond(), T0);
      }
      assertThat(Files.readAllLines(dir.resolve("nonces.log"))).hasSize(1100);
      s.remember(KEY, "after-the-window-aaaaaaaaa", T0.getEpochSecond() + 301, T0.plusSeconds(301));
      assertThat(Files.readAllLines(dir.resolve("nonces.log"))).containsExactly((T0.getEpochSecond() + 301) + " " + KEY + " after-the-window-aaaaaaaaa");
    }
  }

  @Test
  void aLineCutShortByACrashIsIgnored() throws Exception {
    try (NonceStore s = open(T0, false)) {
      s.remember(KEY, "whole-nonce-aaaaaaaaaaaaaa", T0.getEpochSecond(), T0);
    }
    Files.writeString(dir.resolve("nonces.log"), T0.getEpochSecond() + " " + KEY.substring(0, 10), StandardCharsets.US_ASCII,
        java.nio.file.StandardOpenOption.APPEND);
    try (NonceStore s = open(T0, true)) {
      assertThat(s.notBefore()).isEqualTo(Long.MIN_VALUE);
      assertThat(s.remember(KEY, "whole-nonce-aaaaaaaaaaaaaa", T0.getEpochSecond(), T0)).isFalse();
    }
  }

  @Test
  void anUnreadableFileIsMovedAsideAndOnlyLaterSignaturesCount() throws Exception {
    byte[] garbage = "this is\nnot a nonce file\n".getBytes(StandardCharsets.US_ASCII);
    Files.write(dir.resolve("nonces.log"), garbage);
    try (NonceStore s = open(T0, true)) {
      assertThat(s.notBefore()).isEqualTo(T0.getEpochSecond());
    }
    assertThat(Files.readAllBytes(dir.resolve("nonces.log.unreadable-" + T0.getEpochSecond()))).isEqualTo(garbage);
  }

  @Test
  void aMissingFileNextToAnExistingStoreMeansTheHistoryIsUnknown() throws Exception {
    try (NonceStore s = open(T0, true)) {
      assertThat(s.notBefore()).isEqualTo(T0.getEpochSecond());
    }
    try (NonceStore s = NonceStore.open(dir.resolve("first-run.log"), 300, false, T0)) {
      assertThat(s.notBefore()).isEqualTo(Long.MIN_VALUE);
    }
  }
}
