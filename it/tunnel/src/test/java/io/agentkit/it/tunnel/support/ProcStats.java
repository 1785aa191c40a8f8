package io.agentkit.it.tunnel.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Linux /proc readings of another process. */
public final class ProcStats {

  private ProcStats() {}

  public static long rssKiB(long pid) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS for " + pid);
  }

  public static int openFds(long pid) throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return (int) s.count();
    }
  }

  /** What each open descriptor refers to ({@code socket:[…]}, a file's path, {@code anon_inode:[eventpoll]}, …). */
  public static List<String> fdTargets(long pid) throws IOException {
    List<String> targets = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) s::iterator) {
        try {
          targets.add(Files.readSymbolicLink(fd).toString());
        } catch (IOException closedMeanwhile) {
          // The descriptor was closed between listing and reading: not open any more.
        }
      }
    }
    return targets;
  }

  /** Open sockets: what a connection handler that forgot to close would leave behind. */
  public static int openSockets(long pid) throws IOException {
    return (int) fdTargets(pid).stream().filter(t -> t.startsWith("socket:")).count();
  }

  /** User plus system CPU time, in seconds (clock ticks of 100 Hz, as on every Linux we run). */
  public static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  public static int threads(long pid) throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      return (int) s.count();
    }
  }
}
