package io.agentkit.it.tunnel.support;

import io.agentkit.orchestrator.Orchestrator;
import io.agentkit.orchestrator.OrchestratorConfig;
import io.agentkit.orchestrator.net.Listener;
import java.util.Arrays;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The orchestrator with failures injected into its listeners, as a separate process: of every
 * {@link #PERIOD} connections a listener accepts, the first finds no thread to run on
 * ("unable to create native thread"), the second's handler throws an OutOfMemoryError and the third's
 * a RuntimeException; the rest are served normally. Started by {@code Cluster.withOrchestratorMain}.
 */
public final class FaultyOrchestrator {

  /** Failures repeat with this period per listener; the fourth and later connections of each period succeed. */
  public static final int PERIOD = 5;

  private FaultyOrchestrator() {}

  public static void main(String[] args) throws Exception {
    OrchestratorConfig config = OrchestratorConfig.parse(args, System.getenv());
    Orchestrator o = Orchestrator.start(config, new Orchestrator.Hooks(FaultyOrchestrator::threads, FaultyOrchestrator::handler));
    Runtime.getRuntime().addShutdownHook(new Thread(o::stop));
    System.out.println("FaultyOrchestrator period=" + PERIOD + " args=" + Arrays.toString(args).replaceAll("--token=[^,\\]]*", "--token=…"));
    Thread.currentThread().join();
  }

  private static ThreadFactory threads(String listener) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory virtual = Thread.ofVirtual().name(listener + "-", 0).factory();
    return r -> {
      if (n.getAndIncrement() % PERIOD == 0) {
        throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits reached (injected)");
      }
      return virtual.newThread(r);
    };
  }

  private static Listener.Handler handler(Listener.Handler real) {
    AtomicInteger n = new AtomicInteger();
    return (socket, ticket) -> {
      // The thread factory already failed connection 0 of each period: count the ones that got a thread.
      switch (n.getAndIncrement() % (PERIOD - 1)) {
        case 0 -> throw new OutOfMemoryError("Java heap space (injected)");
        case 1 -> throw new IllegalStateException("handler bug (injected)");
        default -> real.handle(socket, ticket);
      }
    };
  }
}
