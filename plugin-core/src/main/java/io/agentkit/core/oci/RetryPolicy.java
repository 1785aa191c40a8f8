package io.agentkit.core.oci;

import java.time.Duration;

/**
 * How often a request is tried when the connection fails or the registry answers 5xx or 429:
 * {@code attempts} in all, waiting {@code initialDelay} before the second and doubling up to
 * {@code maxDelay}.
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay) {

  public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8));

  public RetryPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
  }

  /** The wait after failed attempt {@code n} (1-based). */
  Duration delayAfter(int n) {
    long millis = initialDelay.toMillis() << Math.min(n - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
  }
}
