package io.agentkit.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

  /** Always draws the largest value allowed: the delay is the ceiling itself. */
  private static final RandomGenerator HIGHEST = new RandomGenerator() {
    @Override
    public long nextLong() {
      return Long.MAX_VALUE;
    }

    @Override
    public long nextLong(long bound) {
      return bound - 1;
    }

    @Override
    public long nextLong(long origin, long bound) {
      return bound - 1;
    }
  };

  @Test
  void theCeilingDoublesFromHalfASecondAndStopsAtThirtySeconds() {
    Backoff b = new Backoff(HIGHEST);
    long[] expected = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000};
    for (long ceiling : expected) {
      assertThat(b.ceilingMillis()).isEqualTo(ceiling);
      assertThat(b.nextDelayMillis(false)).isEqualTo(ceiling);
    }
    for (int i = 0; i < 100; i++) {
      b.nextDelayMillis(false);
    }
    assertThat(b.nextDelayMillis(false)).as("no overflow after many failures").isEqualTo(30_000);
  }

  @Test
  void onlyAConnectionUpForTenSecondsResetsIt() {
    Backoff b = new Backoff(HIGHEST);
    for (int i = 0; i < 5; i++) {
      b.nextDelayMillis(false);
    }
    b.connectionEnded(9_999);
    assertThat(b.nextDelayMillis(false)).as("a short connection keeps the backoff growing").isEqualTo(16_000);
    b.connectionEnded(Backoff.HEALTHY_AFTER_MILLIS);
    assertThat(b.failures()).isZero();
    assertThat(b.nextDelayMillis(false)).isEqualTo(500);
  }

  @Test
  void delaysAreFullJitterBelowTheCeiling() {
    Backoff b = new Backoff();
    for (int i = 0; i < 6; i++) {
      b.nextDelayMillis(false);
    }
    Set<Long> seen = new HashSet<>();
    long max = 0;
    for (int i = 0; i < 200; i++) {
      Backoff fresh = new Backoff();
      for (int k = 0; k < 6; k++) {
        fresh.nextDelayMillis(false);
      }
      long d = fresh.nextDelayMillis(false);
      assertThat(d).isBetween(0L, 30_000L);
      seen.add(d);
      max = Math.max(max, d);
    }
    assertThat(seen).as("spread, not lockstep").hasSizeGreaterThan(150);
    assertThat(max).as("uses the whole range").isGreaterThan(20_000L);
  }

  @Test
  void rejectionsWaitTenToThirtySeconds() {
    Backoff b = new Backoff();
    for (int i = 0; i < 100; i++) {
      assertThat(b.nextDelayMillis(true)).isBetween(10_000L, 30_000L);
    }
    assertThat(new Backoff(HIGHEST).nextDelayMillis(true)).isEqualTo(30_000L);
  }
}
