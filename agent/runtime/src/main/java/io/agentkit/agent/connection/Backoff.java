package io.agentkit.agent.connection;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Full-jitter exponential backoff: after the n-th consecutive failure wait a uniform random time in
 * [0, min(cap, base·2ⁿ)], so a fleet of agents does not reconnect in lockstep after an outage.
 * Rejections (401) wait in [10 s, 30 s]: registering a key takes a human, not milliseconds. A
 * connection that stayed up {@link #HEALTHY_AFTER_MILLIS} resets the count.
 */
public final class Backoff {

  public static final long BASE_MILLIS = 500;
  public static final long CAP_MILLIS = 30_000;
  public static final long REJECTED_MIN_MILLIS = 10_000;
  public static final long REJECTED_MAX_MILLIS = 30_000;

  /** A connection that stayed up this long counts as healthy and resets the failure count. */
  public static final long HEALTHY_AFTER_MILLIS = 10_000;

  private final RandomGenerator random;
  private int failures;

  public Backoff() {
    this(null);
  }

  /** With a chosen random source, so tests can see the ceiling itself. */
  Backoff(RandomGenerator random) {
    this.random = random;
  }

  /** The upper bound of the next (non-rejection) delay. */
  public long ceilingMillis() {
    return Math.min(CAP_MILLIS, BASE_MILLIS << Math.min(failures, 16));
  }

  public long nextDelayMillis(boolean rejected) {
    RandomGenerator r = random == null ? ThreadLocalRandom.current() : random;
    if (rejected) {
      failures++;
      return r.nextLong(REJECTED_MIN_MILLIS, REJECTED_MAX_MILLIS + 1);
    }
    long ceiling = ceilingMillis();
    failures++;
    return r.nextLong(ceiling + 1);
  }

  /** A connection ended after being up {@code upMillis}: long enough, and the next failure starts from the base again. */
  public void connectionEnded(long upMillis) {
    if (upMillis >= HEALTHY_AFTER_MILLIS) {
      reset();
    }
  }

  public void reset() {
    failures = 0;
  }

  public int failures() {
    return failures;
  }
}
