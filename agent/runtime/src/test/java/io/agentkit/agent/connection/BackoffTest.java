package io.agentkit.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void fullJitterGrowsToTheCapAndResets() {
    Backoff b = new Backoff();
    long[] ceilings = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    for (long ceiling : ceilings) {
      assertThat(b.nextDelayMillis(false)).isBetween(0L, ceiling);
    }
    b.reset();
    assertThat(b.failures()).isZero();
    assertThat(b.nextDelayMillis(false)).isBetween(0L, 500L);
  }

  @Test
  void rejectionsWaitTenToThirtySeconds() {
    Backoff b = new Backoff();
    for (int i = 0; i < 100; i++) {
      assertThat(b.nextDelayMillis(true)).isBetween(10_000L, 30_000L);
    }
  }

  @Test
  void delaysAreSpreadNotLockstep() {
    Backoff b = new Backoff();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int i = 0; i < 20; i++) {
      b.reset();
      for (int k = 0; k < 6; k++) {
        b.nextDelayMillis(false);
      }
      seen.add(b.nextDelayMillis(false));
    }
    assertThat(seen.size()).isGreaterThan(10);
  }
}
