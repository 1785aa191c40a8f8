package io.agentkit.it.lifecycle.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A process started from a built jar with exactly the environment given. Its output (stdout and
 * stderr merged) is kept for waiting on log lines and for the leak checks, and copied to a log file;
 * a failure to write that copy is reported by every wait, by {@link #awaitExit} and by {@link #close()}.
 */
public final class Jvm implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;
  /** Guarded by itself; also the monitor waiters for new lines wait on. */
  private final List<String> lines = new ArrayList<>();
  /** The first failure writing the log copy. Guarded by lines. */
  private IOException logFailure;
  private final Thread pump;

  private Jvm(String name, Process process, Path log) throws IOException {
    this.name = name;
    this.process = process;
    this.log = log;
    Writer copy = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
    pump = new Thread(() -> pump(copy), name + "-output");
    pump.setDaemon(true);
    pump.start();
  }

  /** Records every line until EOF (the process is gone); a failed write to the copy is remembered, never stops the recording. */
  private void pump(Writer copy) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l; (l = r.readLine()) != null; ) {
        synchronized (lines) {
          lines.add(l);
          lines.notifyAll();
          if (logFailure == null) {
            try {
              copy.write(l);
              copy.write('\n');
              copy.flush();
            } catch (IOException e) {
              logFailure = e;
            }
          }
        }
      }
    } catch (IOException ignored) {
      // The pipe was closed under us (close() killed the process): there is nothing more to read.
    } finally {
      synchronized (lines) {
        try {
          copy.close();
        } catch (IOException e) {
          if (logFailure == null) {
            logFailure = e;
          }
        }
        lines.notifyAll();
      }
    }
  }

  public static Jvm start(String name, List<String> command, Map<String, String> env, Path logDir) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().putAll(env);
    Files.createDirectories(logDir);
    return new Jvm(name, pb.start(), logDir.resolve(name + ".log"));
  }

  public String name() {
    return name;
  }

  public String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /** Every line printed so far. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Fails the test if the log copy could not be written: a post-mortem would otherwise lack lines silently. */
  public void checkLog() {
    synchronized (lines) {
      if (logFailure != null) {
        throw new AssertionError(name + ": writing its output to " + log + " failed: " + logFailure, logFailure);
      }
    }
  }

  /** Waits for the {@code nth} line (from the start) matching {@code regex}. */
  public String await(String regex, int nth, Duration timeout) throws InterruptedException {
    Pattern p = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        int seen = 0;
        for (String l : lines) {
          if (p.matcher(l).find() && ++seen == nth) {
            return l;
          }
        }
        checkLog();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(name + ": no line #" + nth + " matching /" + regex + "/ within " + timeout + "; output:\n" + String.join("\n", lines));
        }
        TimeUnit.NANOSECONDS.timedWait(lines, left);
      }
    }
  }

  /** SIGTERM, as Kubernetes stops a pod; returns the exit code. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout + " of SIGTERM");
    }
    return process.exitValue();
  }

  /** The exit code, once every line the process printed is recorded; fails the test if either takes longer than {@code timeout}. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout);
    }
    pump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    if (pump.isAlive()) {
      throw new AssertionError(name + " exited but its output was not read to the end within " + timeout + " (a child still holds it)");
    }
    checkLog();
    return process.exitValue();
  }

  /** Kills the process, waits (bounded) until its last line is recorded, and reports a failed log copy. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      pump.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    checkLog();
  }
}
