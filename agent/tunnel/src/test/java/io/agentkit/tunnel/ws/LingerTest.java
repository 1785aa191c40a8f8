package io.agentkit.tunnel.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lingering close over a real loopback socket pair: each of its three bounds ends it. */
class LingerTest {

  private Socket peer;
  private Socket closing;

  @BeforeEach
  void connect() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      peer = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
      closing = listener.accept();
    }
  }

  @AfterEach
  void close() throws Exception {
    peer.close();
    closing.close();
  }

  @Test
  void aPeerStillSendingItsRequestGetsTheAnswerAndAnOrderlyEndNotAReset() throws Exception {
    // Far more than the socket buffers hold: the request is still being written when the answer goes out.
    AtomicReference<Exception> requestFailed = new AtomicReference<>();
    Thread request = Thread.ofPlatform().daemon().start(() -> {
      try {
        OutputStream out = peer.getOutputStream();
        for (int i = 0; i < 256; i++) {
          out.write(new byte[64 * 1024]);
        }
        peer.shutdownOutput();
      } catch (Exception e) {
        requestFailed.set(e);
      }
    });
    byte[] answer = "HTTP/1.1 431 Request Header Fields Too Large\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    closing.getOutputStream().write(answer);
    closing.shutdownOutput();

    long start = System.nanoTime();
    Linger.drain(closing, closing.getInputStream(), 20_000, Long.MAX_VALUE);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("ends at the peer's end, not the deadline").isLessThan(10_000);
    closing.close();
    request.join(10_000);

    assertThat(requestFailed.get()).as("closed with no unread input: no reset reached the sender").isNull();
    assertThat(peer.getInputStream().readAllBytes()).isEqualTo(answer);
  }

  @Test
  void aPeerThatNeverStopsSendingIsCutOffAtTheByteBound() throws Exception {
    Thread flood = Thread.ofPlatform().daemon().start(() -> {
      byte[] chunk = new byte[8192];
      try (OutputStream out = peer.getOutputStream()) {
        while (true) {
          out.write(chunk);
        }
      } catch (Exception e) {
        // The closing end went away.
      }
    });
    long start = System.nanoTime();
    Linger.drain(closing, closing.getInputStream(), 20_000, 64 * 1024);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("ends at 64 KiB, not the deadline").isLessThan(10_000);
    closing.close();
    flood.join(10_000);
    assertThat(flood.isAlive()).isFalse();
  }

  @Test
  void aSilentPeerOrOneThatTricklesIsCutOffAtTheDeadlineWithoutAnError() throws Exception {
    Linger.drain(closing, closing.getInputStream(), 200, Long.MAX_VALUE);
    assertThat(closing.getSoTimeout()).as("no read outlasts the deadline").isEqualTo(200);

    Thread trickle = Thread.ofPlatform().daemon().start(() -> {
      try {
        OutputStream out = peer.getOutputStream();
        while (true) {
          out.write('x');
          Thread.sleep(20);
        }
      } catch (Exception e) {
        // The closing end went away.
      }
    });
    long start = System.nanoTime();
    Linger.drain(closing, closing.getInputStream(), 300, Long.MAX_VALUE);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("each read returns data, the deadline still ends it").isLessThan(5_000);
    closing.close();
    trickle.join(10_000);
  }
}
