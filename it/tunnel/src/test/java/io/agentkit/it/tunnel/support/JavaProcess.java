package io.agentkit.it.tunnel.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A JVM started from a built jar, its stdout and stderr captured line by line (and copied to a file
 * under target/ for post-mortems) so tests can wait for log lines and scan everything it printed.
 */
public final class JavaProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  /** Guarded by itself; also the monitor waiters for new lines wait on. */
  private final List<String> lines = new ArrayList<>();
  private final Path logFile;
  /** The first failure writing the log copy, reported by every wait, {@link #awaitExit} and {@link #close()}. Guarded by lines. */
  private IOException logFailure;
  /** Opened with the first line. Guarded by lines. */
  private java.io.Writer log;
  /** Pumps still reading. Guarded by lines. */
  private int openPumps = 2;
  private final List<Thread> pumps = new ArrayList<>();

  private JavaProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    pumps.add(pump(process.getInputStream(), ""));
    pumps.add(pump(process.getErrorStream(), "[stderr] "));
  }

  public static JavaProcess start(String name, List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().putAll(env);
    Path log = ItEnv.work().resolve("logs").resolve(name + "-" + System.nanoTime() + ".log");
    Files.createDirectories(log.getParent());
    return new JavaProcess(name, pb.start(), log);
  }

  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public long pid() {
    return process.pid();
  }

  public String name() {
    return name;
  }

  /**
   * Copies one of the process's streams into {@link #lines} and the log file. Reading ends at EOF (the
   * process and everything it started are gone); a failure to write the log file is remembered and
   * reported, and never stops the lines from being recorded.
   */
  private Thread pump(InputStream in, String prefix) {
    Thread t = new Thread(() -> {
      try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (lines) {
            lines.add(prefix + line);
            lines.notifyAll();
          }
          appendToLog(prefix + line);
        }
      } catch (IOException e) {
        // The pipe was closed under us (close() killed the process): there is nothing more to read.
      } finally {
        synchronized (lines) {
          if (--openPumps == 0) {
            closeLog();
          }
          lines.notifyAll();
        }
      }
    }, name + "-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void appendToLog(String line) {
    synchronized (lines) {
      if (logFailure != null) {
        return;
      }
      try {
        if (log == null) {
          log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        }
        log.write(line);
        log.write('\n');
        log.flush();
      } catch (IOException e) {
        logFailure = e;
      }
    }
  }

  private void closeLog() {
    if (log != null) {
      try {
        log.close();
      } catch (IOException e) {
        if (logFailure == null) {
          logFailure = e;
        }
      }
    }
  }

  /** Fails the test if the log copy could not be written: a post-mortem would otherwise lack lines silently. */
  public void checkLog() {
    synchronized (lines) {
      if (logFailure != null) {
        throw new AssertionError(name + ": writing its output to " + logFile + " failed: " + logFailure, logFailure);
      }
    }
  }

  /** Everything printed so far. */
  public List<String> output() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  public String outputText() {
    return String.join("\n", output());
  }

  public long count(String regex) {
    Pattern p = Pattern.compile(regex);
    return output().stream().filter(l -> p.matcher(l).find()).count();
  }

  /** Waits for the n-th line (counting from 1 over the whole output) matching {@code regex}. */
  public String awaitLine(String regex, int nth, Duration timeout) throws InterruptedException {
    Pattern p = Pattern.compile(regex);
    return await(l -> p.matcher(l).find(), nth, timeout, regex);
  }

  public String awaitLine(String regex, Duration timeout) throws InterruptedException {
    return awaitLine(regex, 1, timeout);
  }

  private String await(Predicate<String> match, int nth, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        int seen = 0;
        for (String l : lines) {
          if (match.test(l) && ++seen == nth) {
            return l;
          }
        }
        checkLog();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(name + ": no line #" + nth + " matching /" + what + "/ within " + timeout + "; output:\n" + String.join("\n", lines));
        }
        TimeUnit.NANOSECONDS.timedWait(lines, left);
      }
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public void signal(String sig) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-s", sig, Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  /** Exit code, or fails the test if the process does not exit in time. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout);
    }
    // Every line it printed is recorded once both pumps have read to the end of their pipes.
    for (Thread pump : pumps) {
      pump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 5_000));
      if (pump.isAlive()) {
        throw new AssertionError(name + " exited but its output stays open (a child still holds it): " + pump.getName());
      }
    }
    checkLog();
    return process.exitValue();
  }

  /** Resident set size from /proc, in KiB. */
  public long rssKiB() throws IOException {
    return ProcStats.rssKiB(process.pid());
  }

  public int openFds() throws IOException {
    return ProcStats.openFds(process.pid());
  }

  /**
   * Kills the process and anything it started (a wrapper such as bwrap leaves its child running
   * otherwise), then waits (bounded) until both pumps have recorded the last line, so a scan of
   * {@link #output()} right after sees everything it printed. Fails the test if a pump is still
   * reading after that or the log copy could not be written.
   */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      for (Thread pump : pumps) {
        pump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(name + ": interrupted while waiting for its last output lines", e);
    }
    for (Thread pump : pumps) {
      if (pump.isAlive()) {
        throw new AssertionError(name + " was killed but its output stays open 10 s later (a child still holds it): " + pump.getName());
      }
    }
    checkLog();
  }
}
