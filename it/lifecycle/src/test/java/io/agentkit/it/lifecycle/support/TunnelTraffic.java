package io.agentkit.it.lifecycle.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Traffic through the orchestrator's CONNECT proxy and the agent to the echo target, the way the
 * orchestrator reaches a private cluster: one long stream that keeps carrying data, and a loop of
 * short requests. Every byte is checked; every failure is kept with its reason.
 */
public final class TunnelTraffic implements AutoCloseable {

  /** The long stream's unit: each chunk is written, then read back whole before the next. */
  public static final int CHUNK = 4096;

  private final int proxyPort;
  private final String credentials;
  private final int targetPort;
  private final List<String> failures = new ArrayList<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong streamBytes = new AtomicLong();
  private volatile boolean running = true;
  private volatile boolean streamRunning = true;
  private Thread loop;
  private Thread stream;

  public TunnelTraffic(int proxyPort, String org, String agent, String password, int targetPort) {
    this.proxyPort = proxyPort;
    this.credentials = Base64.getEncoder().encodeToString((org + "/" + agent + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.targetPort = targetPort;
  }

  /** Opens a CONNECT tunnel to the target; fails unless the proxy answers 200. */
  public Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), proxyPort);
    s.setSoTimeout(20_000);
    String target = "127.0.0.1:" + targetPort;
    OutputStream out = s.getOutputStream();
    out.write(("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\nProxy-Authorization: Basic " + credentials + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String head = readHead(s.getInputStream());
    if (!head.startsWith("HTTP/1.1 200")) {
      s.close();
      throw new IOException("proxy answered " + head.lines().findFirst().orElse(head));
    }
    return s;
  }

  /** One request: 1 KiB out, the same 1 KiB back. */
  public void request() throws IOException {
    byte[] payload = new byte[1024];
    new Random().nextBytes(payload);
    try (Socket s = connect()) {
      s.getOutputStream().write(payload);
      s.getOutputStream().flush();
      byte[] back = s.getInputStream().readNBytes(payload.length);
      if (!Arrays.equals(back, payload)) {
        throw new IOException("echo differs after " + back.length + " bytes");
      }
    }
  }

  /** Starts the long stream and the request loop in the background. */
  public void start() throws IOException {
    Socket s = connect();
    stream = background(() -> carry(s), "long-stream");
    loop = background(() -> {
      while (running) {
        try {
          request();
          requests.incrementAndGet();
          Thread.sleep(50);
        } catch (IOException e) {
          fail("request " + (requests.get() + 1) + ": " + e.getMessage());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "request-loop");
  }

  /** A started thread whose unexpected failure is kept with the others instead of vanishing with it. */
  private Thread background(Runnable body, String name) {
    Thread t = new Thread(body, name);
    t.setUncaughtExceptionHandler((thread, e) -> fail(thread.getName() + " died: " + e));
    t.start();
    return t;
  }

  /** Waits (bounded) for {@code t} to end; fails the test if it does not. */
  private static void join(Thread t) throws InterruptedException {
    t.join(30_000);
    if (t.isAlive()) {
      throw new AssertionError(t.getName() + " still runs 30 s after it was told to stop");
    }
  }

  private void carry(Socket s) {
    byte[] chunk = new byte[CHUNK];
    Random random = new Random();
    try (s) {
      while (streamRunning) {
        random.nextBytes(chunk);
        s.getOutputStream().write(chunk);
        s.getOutputStream().flush();
        if (!Arrays.equals(s.getInputStream().readNBytes(chunk.length), chunk)) {
          fail("long stream: echo differs after " + streamBytes.get() + " bytes");
          return;
        }
        streamBytes.addAndGet(chunk.length);
        Thread.sleep(20);
      }
    } catch (IOException e) {
      fail("long stream after " + streamBytes.get() + " bytes: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Finishes the long stream cleanly (its last chunk is echoed, then it closes). */
  public void finishStream() throws InterruptedException {
    streamRunning = false;
    join(stream);
  }

  public long streamBytes() {
    return streamBytes.get();
  }

  public long requests() {
    return requests.get();
  }

  public List<String> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  private void fail(String what) {
    synchronized (failures) {
      failures.add(what);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (head.size() < 8192) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
        break;
      }
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    streamRunning = false;
    if (loop != null) {
      join(loop);
    }
    if (stream != null) {
      join(stream);
    }
  }
}
