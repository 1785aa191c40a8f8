package io.agentkit.it.tunnel.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waiting for something a test can observe (a counter, a file, a process's state), with a bounded timeout. */
public final class Await {

  /** Something to check that may throw, e.g. a call to the Agent API. */
  public interface Condition {
    boolean holds() throws Exception;
  }

  private Await() {}

  /** Polls {@code condition} every 20 ms until it holds; fails naming {@code what} after {@code timeout}. */
  public static void until(String what, Duration timeout, Condition condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }
}
