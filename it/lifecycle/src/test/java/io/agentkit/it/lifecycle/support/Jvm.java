package io.agentkit.it.lifecycle.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
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
 * stderr merged) is kept for waiting on log lines and for the leak checks, and copied to a log file.
 */
public final class Jvm implements AutoCloseable {

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();

  private Jvm(String name, Process process, Path log) throws IOException {
    this.name = name;
    this.process = process;
    PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
    Thread pump = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          copy.println(l);
          synchronized (lines) {
            lines.add(l);
            lines.notifyAll();
          }
        }
      } catch (IOException ignored) {
        // The process is gone.
      } finally {
        copy.close();
      }
    }, name + "-output");
    pump.setDaemon(true);
    pump.start();
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

  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout);
    }
    Thread.sleep(100);
    return process.exitValue();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
