package io.agentkit.agent.connection;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Full-jitter exponential backoff: after the n-th consecutive failure wait a uniform random time in
 * [0, min(cap, base·2ⁿ)], so a fleet of agents does not reconnect in lockstep after an outage.
 * Rejections (401) wait in [10 s, 30 s]: registering a key takes a human, not milliseconds.
 */
public final class Backoff {

  public static final long BASE_MILLIS = 500;
  public static final long CAP_MILLIS = 30_000;
  public static final long REJECTED_MIN_MILLIS = 10_000;
  public static final long REJECTED_MAX_MILLIS = 30_000;

  /** A connection that stayed up this long counts as healthy and resets the failure count. */
  public static final long HEALTHY_AFTER_MILLIS = 10_000;

  private int failures;

  public long nextDelayMillis(boolean rejected) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    if (rejected) {
      failures++;
      return r.nextLong(REJECTED_MIN_MILLIS, REJECTED_MAX_MILLIS + 1);
    }
    long ceiling = Math.min(CAP_MILLIS, BASE_MILLIS << Math.min(failures, 16));
    failures++;
    return r.nextLong(ceiling + 1);
  }

  public void reset() {
    failures = 0;
  }

  public int failures() {
    return failures;
  }
}
