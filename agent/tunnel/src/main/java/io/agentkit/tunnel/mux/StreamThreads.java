package io.agentkit.tunnel.mux;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for the blocking work around streams: a dial (name lookup and connect). Streams themselves
 * have no thread ({@link StreamLoop}). Virtual threads by default, so a burst of slow dials costs
 * heap rather than stacks; {@code -Dagentkit.tunnel.threads=platform} switches to a cached pool of
 * platform threads (docs/agent-performance.md compares the two).
 */
public final class StreamThreads {

  static final String PROPERTY = "agentkit.tunnel.threads";

  private static final boolean PLATFORM = "platform".equals(System.getProperty(PROPERTY));
  private static final ExecutorService POOL = PLATFORM ? platformPool() : null;

  private StreamThreads() {}

  /** Runs {@code task} on a thread of its own named {@code name}; an exception it throws is its own to handle. */
  public static void start(String name, Runnable task) {
    if (PLATFORM) {
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
    } else {
      Thread.ofVirtual().name(name).start(task);
    }
  }

  public static String kind() {
    return PLATFORM ? "platform" : "virtual";
  }

  private static ExecutorService platformPool() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "stream-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }
}
