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
  private final List<String> lines = new ArrayList<>();
  private final Path logFile;

  private JavaProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    pump(process.getInputStream(), "");
    pump(process.getErrorStream(), "[stderr] ");
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

  private void pump(InputStream in, String prefix) {
    Thread t = new Thread(() -> {
      try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (lines) {
            lines.add(prefix + line);
            lines.notifyAll();
          }
          Files.writeString(logFile, prefix + line + "\n", StandardCharsets.UTF_8,
              java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
      } catch (IOException ignored) {
        // Process gone.
      }
    }, name + "-output");
    t.setDaemon(true);
    t.start();
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
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout);
    }
    // Let the output pumps catch the last lines.
    Thread.sleep(100);
    return process.exitValue();
  }

  /** Resident set size from /proc, in KiB. */
  public long rssKiB() throws IOException {
    return ProcStats.rssKiB(process.pid());
  }

  public int openFds() throws IOException {
    return ProcStats.openFds(process.pid());
  }

  /** Kills the process and anything it started (a wrapper such as bwrap leaves its child running otherwise). */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
