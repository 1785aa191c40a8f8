package io.agentkit.orchestrator.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The accept loop against handlers and thread factories that fail in every way a JVM can. */
class ListenerTest {

  private static final Admission.Limits LIMITS = new Admission.Limits(64, 64, 64, 64, Duration.ofSeconds(2));

  private static String exchange(int port) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write('?');
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (java.net.SocketException reset) {
      return "reset";
    }
  }

  private static void awaitNoConnections(Listener l) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (l.admission().counts().connections() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(l.admission().counts().connections()).as("slots released").isZero();
  }

  @Test
  void handlersThatThrowAnythingDoNotStopTheLoopNorLeakTheirConnection() throws Exception {
    AtomicInteger n = new AtomicInteger();
    Listener l = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "test", LIMITS,
        Thread.ofVirtual().factory(), (socket, ticket) -> {
          socket.getInputStream().read();
          switch (n.incrementAndGet() % 4) {
            case 1 -> throw new IllegalStateException("injected");
            case 2 -> throw new OutOfMemoryError("injected");
            case 3 -> throw new StackOverflowError();
            default -> socket.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
          }
        });
    l.start();
    try {
      for (int round = 0; round < 5; round++) {
        assertThat(exchange(l.port())).isEmpty();
        assertThat(exchange(l.port())).isEmpty();
        assertThat(exchange(l.port())).isEmpty();
        assertThat(exchange(l.port())).isEqualTo("ok");
      }
      awaitNoConnections(l);
    } finally {
      l.close();
    }
  }

  @Test
  void aThreadThatCannotBeCreatedCostsOneConnectionNotTheListener() throws Exception {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory flaky = r -> {
      if (n.incrementAndGet() % 2 == 1) {
        throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits reached");
      }
      return Thread.ofVirtual().unstarted(r);
    };
    Listener l = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "test", LIMITS, flaky, (socket, ticket) -> {
      socket.getInputStream().read();
      socket.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
    });
    l.start();
    try {
      for (int i = 0; i < 6; i++) {
        assertThat(exchange(l.port())).isIn("", "reset");
        assertThat(exchange(l.port())).isEqualTo("ok");
      }
      awaitNoConnections(l);
    } finally {
      l.close();
    }
  }

  @Test
  void aSilentPeerIsClosedAtTheDeadline() throws Exception {
    Listener l = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "test",
        new Admission.Limits(8, 8, 8, 8, Duration.ofMillis(500)), Thread.ofVirtual().factory(), (socket, ticket) -> socket.getInputStream().read());
    l.start();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), l.port())) {
      s.setSoTimeout(5000);
      long t0 = System.nanoTime();
      int r;
      try {
        r = s.getInputStream().read();
      } catch (java.net.SocketException reset) {
        r = -1;
      }
      assertThat(r).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(400), Duration.ofSeconds(3));
      awaitNoConnections(l);
      assertThat(l.admission().counts().expired()).isEqualTo(1);
    } finally {
      l.close();
    }
  }

  @Test
  void aBurstLargerThanThePendingCapWaitsInTheBacklogAndEveryClientIsServed() throws Exception {
    // Four pending at most; once a request has arrived, each handler works longer than the grace before its peer is established.
    Listener l = Listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "test",
        new Admission.Limits(64, 64, 4, 4, Duration.ofSeconds(20)), Thread.ofVirtual().factory(), (socket, ticket) -> {
          socket.getInputStream().read();
          ticket.received();
          Thread.sleep(Admission.Limits.GRACE.toMillis() + 200);
          ticket.established();
          socket.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
        });
    l.start();
    try {
      List<java.util.concurrent.Future<String>> answers = new ArrayList<>();
      try (var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 16; i++) {
          answers.add(clients.submit(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), l.port())) {
              s.setSoTimeout(30_000);
              s.getOutputStream().write('?');
              return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            } catch (java.net.SocketException reset) {
              return "reset";
            }
          }));
        }
      }
      for (var a : answers) {
        assertThat(a.get()).isEqualTo("ok");
      }
      assertThat(l.admission().counts().evicted()).isZero();
      assertThat(l.admission().counts().refused()).isZero();
      awaitNoConnections(l);
    } finally {
      l.close();
    }
  }
}
