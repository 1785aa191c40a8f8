package io.agentkit.tunnel.mux;

/**
 * What one tunnel connection may hold, derived from one number: the heap it may use. The agent's
 * heap in turn comes from the container's memory limit (agent-jvm.args), so limit → heap → these;
 * {@code docs/agent-performance.md} gives the arithmetic and the measurements behind the constants.
 *
 * @param maxStreams streams carried at once; more are refused as overloaded
 * @param receiveBudget bytes of receive windows all streams together may be granted
 * @param minWindow the window every stream is guaranteed: {@code maxStreams × minWindow} is half of
 *     {@code receiveBudget}, so a stream is refused for its count, never for memory
 * @param initialWindow the most a new stream is granted at first
 * @param maxWindow the most a busy stream's window grows to
 * @param sendBudget bytes of DATA read from sockets and not yet written to the WebSocket
 * @param controlBudget bytes of queued control frames; more means the peer stopped reading
 */
public record Limits(int maxStreams, long receiveBudget, int minWindow, int initialWindow, int maxWindow, int sendBudget,
    int controlBudget) {

  /**
   * Heap an open stream costs outside its windows, measured on JDK 25 with 10,000 streams when each
   * had a virtual thread parked in a socket read (~3 KiB), the socket (~0.5 KiB), the stream and its
   * map entry, plus a quarter for the moments both directions' threads were alive. Streams have no
   * thread since the {@link StreamLoop}: an idle open stream now holds about 0.9 KiB at the agent and
   * 0.3–1.3 KiB at the orchestrator (it/tunnel StreamCostBench, 2,000 and 500 streams). The cost is kept: the stream cap it
   * gives is the one the 10,000-stream benchmarks verified, and the difference is headroom.
   */
  public static final int STREAM_COST = 5 * 1024;

  /** Shares of the heap, in percent: streams' fixed cost, receive windows, queued sends. The rest is headroom. */
  static final int STREAMS_SHARE = 40;
  static final int RECEIVE_SHARE = 30;
  static final int SEND_SHARE = 5;

  public static final int INITIAL_WINDOW = 64 * 1024;
  public static final int MAX_WINDOW = 1024 * 1024;
  static final int MIN_WINDOW_FLOOR = 1024;

  public Limits {
    if (maxStreams < 1 || minWindow < 1 || initialWindow < minWindow || maxWindow < initialWindow
        || (long) maxStreams * minWindow > receiveBudget || sendBudget < 1 || controlBudget < 1) {
      throw new IllegalArgumentException("inconsistent limits " + maxStreams + "/" + receiveBudget + "/" + minWindow + "/"
          + initialWindow + "/" + maxWindow + "/" + sendBudget + "/" + controlBudget);
    }
  }

  /** Limits for a connection that may use {@code heapBytes} of heap and {@code fileDescriptors} descriptors. */
  public static Limits forHeap(long heapBytes, long fileDescriptors) {
    long byMemory = heapBytes * STREAMS_SHARE / 100 / STREAM_COST;
    // Keep descriptors for the WebSocket, the JDK's own files and a reconnect overlapping the old connection.
    long byDescriptors = fileDescriptors - 256;
    int maxStreams = (int) Math.max(16, Math.min(Math.min(byMemory, byDescriptors), 1_000_000));
    long receive = heapBytes * RECEIVE_SHARE / 100;
    int minWindow = (int) Math.max(MIN_WINDOW_FLOOR, Math.min(INITIAL_WINDOW, receive / 2 / maxStreams / 256 * 256));
    receive = Math.max(receive, 2L * maxStreams * minWindow);
    int send = (int) Math.max(4L * 65_536, Math.min(Integer.MAX_VALUE / 2, heapBytes * SEND_SHARE / 100));
    int control = (int) Math.min(Integer.MAX_VALUE / 2, 1024 * 1024 + 128L * maxStreams);
    return new Limits(maxStreams, receive, minWindow, INITIAL_WINDOW, MAX_WINDOW, send, control);
  }

  /** Limits from this JVM's maximum heap and descriptor limit, for a process that carries one connection. */
  public static Limits forThisProcess() {
    return forHeap(Runtime.getRuntime().maxMemory(), openFileLimit());
  }

  /**
   * The soft limit on open files from {@code /proc/self/limits}: read as a file, because the agent's
   * jlinked runtime has only java.base (no java.management). 1024, the usual default, where unknown.
   */
  static long openFileLimit() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
          return soft.equals("unlimited") ? 1_000_000 : Long.parseLong(soft);
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // Not Linux, or no /proc: the default below.
    }
    return 1024;
  }

  @Override
  public String toString() {
    return "streams=" + maxStreams + " receiveBudget=" + mib(receiveBudget) + " minWindow=" + minWindow / 1024.0 + "KiB sendBudget="
        + mib(sendBudget);
  }

  private static String mib(long bytes) {
    return String.format("%.1fMiB", bytes / 1048576.0);
  }
}
