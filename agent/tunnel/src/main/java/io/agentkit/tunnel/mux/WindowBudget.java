package io.agentkit.tunnel.mux;

/**
 * The receive side's memory of one connection, in bytes of window. Every stream holds
 * {@link Limits#minWindow} from a floor reserved for {@link Limits#maxStreams} streams, so a new
 * stream never waits for memory, only for a free slot; anything above that comes from a shared
 * pool: a new stream's start above the minimum, and a busy stream's growth. When the pool runs low,
 * streams give window back as they return credit ({@link #underPressure}).
 *
 * <p>A stream's receive buffer never holds more than its window, so this bounds the bytes held.
 * One budget may serve several connections (the orchestrator's sessions share one, sized from its
 * heap): streams and windows are then bounded across all of them. Thread safe.
 */
public final class WindowBudget {

  private final Limits limits;
  private final long pool;
  private long poolFree;
  private int streams;

  public WindowBudget(Limits limits) {
    this.limits = limits;
    this.pool = limits.receiveBudget() - (long) limits.maxStreams() * limits.minWindow();
    this.poolFree = pool;
  }

  public Limits limits() {
    return limits;
  }

  /**
   * Admits a stream: its first window (the minimum plus up to a 64th of the free pool, at most
   * {@link Limits#initialWindow}), or 0 when {@link Limits#maxStreams} streams are open.
   */
  public synchronized int admit() {
    if (streams >= limits.maxStreams()) {
      return 0;
    }
    streams++;
    int extra = (int) Math.min(limits.initialWindow() - limits.minWindow(), poolFree / 64);
    poolFree -= extra;
    return limits.minWindow() + extra;
  }

  /** Up to {@code want} more bytes of window for a busy stream; what it got. */
  public synchronized int grow(int want) {
    if (underPressure()) {
      return 0;
    }
    int take = (int) Math.max(0, Math.min(want, poolFree - pool / 4));
    poolFree -= take;
    return take;
  }

  /** Window above the minimum a stream gives back. */
  public synchronized void shrink(int bytes) {
    poolFree += bytes;
  }

  /** A stream ended holding {@code window} bytes of window. */
  public synchronized void release(int window) {
    streams--;
    poolFree += window - limits.minWindow();
  }

  /** Less than a quarter of the pool is left: streams should give back what they do not need. */
  public synchronized boolean underPressure() {
    return poolFree < pool / 4;
  }

  public synchronized int streams() {
    return streams;
  }

  /** Pool bytes granted to streams above their minimum. */
  public synchronized long granted() {
    return pool - poolFree;
  }
}
