package io.agentkit.orchestrator.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bookkeeping of a listener's limits, on real loopback connections from several source addresses. */
class AdmissionTest {

  private ServerSocket server;
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void close() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    server.close();
  }

  /** The server side of a connection from {@code 127.0.0.<source>}; the client end is kept for the test to read. */
  private Socket accepted(int source) throws IOException {
    Socket client = new Socket(server.getInetAddress(), server.getLocalPort(), InetAddress.getByName("127.0.0." + source), 0);
    sockets.add(client);
    Socket s = server.accept();
    sockets.add(s);
    return s;
  }

  private Socket clientOf(Socket accepted) {
    return sockets.get(sockets.indexOf(accepted) - 1);
  }

  private static boolean closedByPeer(Socket client) throws IOException {
    client.setSoTimeout(2000);
    try {
      return client.getInputStream().read() < 0;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  /** A clock the test moves: the grace is measured on it. */
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private Admission admission(Admission.Limits limits) {
    return new Admission(limits, now::get);
  }

  private void pastTheGrace() {
    now.addAndGet(Admission.Limits.GRACE.toNanos() + 1);
  }

  @Test
  void theOldestPendingConnectionOfASourceMakesRoomForANewOne() throws Exception {
    Admission a = admission(new Admission.Limits(100, 100, 50, 3, Duration.ofSeconds(30)));
    Socket s1 = accepted(2);
    Admission.Ticket t1 = a.admit(s1);
    a.admit(accepted(2));
    a.admit(accepted(2));
    Admission.Ticket other = a.admit(accepted(3));
    assertThat(a.counts().pending()).isEqualTo(4);
    pastTheGrace();
    Admission.Ticket t4 = a.admit(accepted(2));
    assertThat(t4).isNotNull();
    assertThat(t1.isAborted()).isTrue();
    assertThat(s1.isClosed()).isTrue();
    assertThat(closedByPeer(clientOf(s1))).isTrue();
    assertThat(other.isAborted()).isFalse();
    assertThat(a.counts()).satisfies(c -> {
      assertThat(c.pending()).isEqualTo(4);
      assertThat(c.connections()).isEqualTo(4);
      assertThat(c.evicted()).isEqualTo(1);
    });
    // Releasing an evicted ticket again changes nothing.
    t1.close();
    assertThat(a.counts().connections()).isEqualTo(4);
  }

  @Test
  void theGlobalPendingCapEvictsTheOldestOfAnySource() throws Exception {
    Admission a = admission(new Admission.Limits(100, 100, 3, 3, Duration.ofSeconds(30)));
    Admission.Ticket first = a.admit(accepted(2));
    a.admit(accepted(3));
    a.admit(accepted(4));
    assertThat(a.hasRoom()).as("three young pending connections: wait, shed no one").isFalse();
    pastTheGrace();
    assertThat(a.hasRoom()).isTrue();
    a.admit(accepted(5));
    assertThat(first.isAborted()).isTrue();
    assertThat(a.counts().pending()).isEqualTo(3);
  }

  @Test
  void aBurstWithinTheGraceIsHeldBackNotShed() throws Exception {
    // A loopback proxy: one source, per-source pending cap = global one.
    Admission a = admission(new Admission.Limits(100, 100, 3, 3, Duration.ofSeconds(30)));
    List<Admission.Ticket> burst = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      burst.add(a.admit(accepted(2)));
    }
    now.addAndGet(Admission.Limits.GRACE.toNanos() / 2);
    assertThat(a.hasRoom()).isFalse();
    // Waiting for room returns as soon as a handler finishes with its connection.
    Thread.ofVirtual().start(() -> {
      sleep(100);
      burst.get(1).established();
    });
    long t0 = System.nanoTime();
    while (!a.hasRoom()) {
      a.awaitRoom(5_000);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    assertThat(a.admit(accepted(2))).isNotNull();
    assertThat(burst).noneMatch(Admission.Ticket::isAborted);
    assertThat(a.counts().evicted()).isZero();
  }

  @Test
  void aSourceOverItsOwnPendingCapShedsItsOwnSilentConnectionsAtOnceAndNeverStallsOthers() throws Exception {
    // An internet-facing listener: 2 pending per source, 10 in all.
    Admission a = admission(new Admission.Limits(100, 100, 10, 2, Duration.ofSeconds(30)));
    Admission.Ticket silent = a.admit(accepted(2));
    Admission.Ticket received = a.admit(accepted(2));
    received.received();
    assertThat(a.hasRoom()).as("the global caps have room: the accept loop goes on").isTrue();
    Admission.Ticket third = a.admit(accepted(2));
    assertThat(third).as("within the grace, the source's own silent connection makes room").isNotNull();
    assertThat(silent.isAborted()).isTrue();
    third.received();
    assertThat(a.admit(accepted(2))).as("nothing of this source is silent: its newcomer is refused").isNull();
    assertThat(a.admit(accepted(3))).isNotNull();
    assertThat(received.isAborted()).isFalse();
    assertThat(a.counts().refused()).isEqualTo(1);
    assertThat(a.counts().evicted()).isEqualTo(1);
  }

  @Test
  void aConnectionWhoseBytesWeHaveNotReadOrWhoseHeadArrivedIsNotSlowWhateverItsAge() throws Exception {
    Admission a = admission(new Admission.Limits(100, 100, 3, 3, Duration.ofSeconds(30)));
    Socket waiting = accepted(2);
    Admission.Ticket unread = a.admit(waiting);
    clientOf(waiting).getOutputStream().write("CONNECT x:1 HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    Admission.Ticket received = a.admit(accepted(2));
    received.received();
    Socket idle = accepted(2);
    Admission.Ticket silent = a.admit(idle);
    pastTheGrace();
    awaitUnread(waiting);
    assertThat(a.hasRoom()).isTrue();
    assertThat(a.admit(accepted(2))).isNotNull();
    assertThat(silent.isAborted()).as("the silent one is the victim").isTrue();
    assertThat(unread.isAborted()).isFalse();
    assertThat(received.isAborted()).isFalse();
    assertThat(a.hasRoom()).as("the newcomer is young, the others are busy on our side").isFalse();
    // Their deadline still holds.
    now.addAndGet(Duration.ofSeconds(31).toNanos());
    assertThat(a.sweep(now.get())).isEqualTo(3);
  }

  private static void awaitUnread(Socket s) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (s.getInputStream().available() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void establishedConnectionsAreNeitherEvictedNorTimedOutAndFullCapsRefuse() throws Exception {
    Admission a = new Admission(new Admission.Limits(2, 2, 2, 2, Duration.ofMillis(1)));
    Admission.Ticket t1 = a.admit(accepted(2));
    Admission.Ticket t2 = a.admit(accepted(2));
    t1.established();
    t2.established();
    assertThat(a.sweep(System.nanoTime() + Duration.ofSeconds(5).toNanos())).isZero();
    assertThat(a.admit(accepted(2))).as("every slot belongs to an authenticated peer").isNull();
    assertThat(a.admit(accepted(3))).isNull();
    assertThat(a.counts().refused()).isEqualTo(2);
    t1.close();
    assertThat(a.admit(accepted(3))).isNotNull();
  }

  @Test
  void pendingConnectionsPastTheirDeadlineAreClosed() throws Exception {
    Admission a = new Admission(new Admission.Limits(10, 10, 10, 10, Duration.ofSeconds(10)));
    Socket slow = accepted(2);
    Admission.Ticket t = a.admit(slow);
    Admission.Ticket extended = a.admit(accepted(2));
    extended.extend(Duration.ofSeconds(60));
    assertThat(a.sweep(System.nanoTime())).isZero();
    assertThat(a.sweep(System.nanoTime() + Duration.ofSeconds(11).toNanos())).isEqualTo(1);
    assertThat(t.isAborted()).isTrue();
    assertThat(closedByPeer(clientOf(slow))).isTrue();
    assertThat(extended.isAborted()).isFalse();
    assertThat(a.counts().expired()).isEqualTo(1);
  }

  @Test
  void aHandedOffConnectionCountsUntilItsNewOwnerClosesIt() throws Exception {
    Admission a = new Admission(new Admission.Limits(10, 10, 10, 10, Duration.ofSeconds(10)));
    Socket s = accepted(2);
    Admission.Ticket t = a.admit(s);
    t.handOff();
    assertThat(t.isHandedOff()).isTrue();
    assertThat(a.counts().pending()).isZero();
    a.sweep(System.nanoTime());
    assertThat(a.counts().connections()).isEqualTo(1);
    s.close();
    a.sweep(System.nanoTime());
    assertThat(a.counts().connections()).isZero();
  }

  @Test
  void ipv6SourcesCountByTheirSlash64() throws Exception {
    assertThat(Admission.source(InetAddress.ofLiteral("2001:db8:1:2::5"))).isEqualTo(Admission.source(InetAddress.ofLiteral("2001:db8:1:2:ffff::9")));
    assertThat(Admission.source(InetAddress.ofLiteral("2001:db8:1:3::5"))).isNotEqualTo(Admission.source(InetAddress.ofLiteral("2001:db8:1:2::5")));
    assertThat(Admission.source(InetAddress.ofLiteral("10.0.0.1"))).isNotEqualTo(Admission.source(InetAddress.ofLiteral("10.0.0.2")));
  }
}
