package io.agentkit.agent.connection;

import io.agentkit.contract.env.LogLevel;
import io.agentkit.contract.log.Log;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A log line a peer can make us repeat (a refused OPEN, a failed dial): written at most once per
 * {@link #INTERVAL_MILLIS} per message, the next one saying how many were left out. 10,000 OPENs
 * in a burst give one line, not 10,000.
 */
final class QuietLog {

  static final long INTERVAL_MILLIS = 10_000;

  private record Slot(AtomicLong next, AtomicLong suppressed) {}

  private static final ConcurrentHashMap<String, Slot> SLOTS = new ConcurrentHashMap<>();

  private QuietLog() {}

  static void log(LogLevel level, String message, Object... keyValues) {
    if (!Log.enabled(level)) {
      return;
    }
    Slot s = SLOTS.computeIfAbsent(message, m -> new Slot(new AtomicLong(), new AtomicLong()));
    long now = System.nanoTime();
    long next = s.next.get();
    if (now - next < 0 || !s.next.compareAndSet(next, now + TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS))) {
      s.suppressed.incrementAndGet();
      return;
    }
    long left = s.suppressed.getAndSet(0);
    if (left == 0) {
      Log.log(level, message, keyValues);
      return;
    }
    Object[] kv = java.util.Arrays.copyOf(keyValues, keyValues.length + 2);
    kv[keyValues.length] = "repeated";
    kv[keyValues.length + 1] = left + " more in the last " + INTERVAL_MILLIS / 1000 + "s";
    Log.log(level, message, kv);
  }
}
