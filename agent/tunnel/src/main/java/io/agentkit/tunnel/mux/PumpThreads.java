package io.agentkit.tunnel.mux;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for blocking socket pumps and dials. Unbounded because each stream holds its threads only
 * while it lives and streams are bounded by the orchestrator; idle threads die after 30 s so a
 * burst of streams does not keep its stacks resident.
 */
public final class PumpThreads {

  private static final ExecutorService POOL = create();

  private PumpThreads() {}

  public static void run(String name, Runnable task) {
    POOL.execute(() -> {
      Thread t = Thread.currentThread();
      String previous = t.getName();
      t.setName(name);
      try {
        task.run();
      } finally {
        t.setName(previous);
      }
    });
  }

  private static ExecutorService create() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "pump-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    return pool;
  }
}
