package io.agentkit.orchestrator.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.orchestrator.testing.TestTls;
import io.agentkit.tunnel.ws.TlsStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tunnel's SSLEngine-driven TLS against itself and against the JDK's SSLSocket, on real
 * loopback sockets: bytes arrive exactly, in any chunking, both ways at once; host names are
 * verified; timeouts, closes and a peer that speaks no TLS end the connection with an
 * {@link IOException}, never a hang.
 */
class TlsStreamsTest {

  @TempDir
  Path dir;

  private TestTls tls;
  private ServerSocket listener;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeEach
  void setUp() throws Exception {
    tls = TestTls.create(dir);
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void tearDown() throws IOException {
    listener.close();
    pool.shutdownNow();
  }

  private Future<TlsStreams> acceptEngine() {
    return pool.submit(() -> {
      Socket tcp = listener.accept();
      tcp.setSoTimeout(10_000);
      return new ServerTls(tls.server()).handshake(tcp);
    });
  }

  private TlsStreams connectEngine(String host) throws IOException {
    Socket tcp = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    tcp.setSoTimeout(10_000);
    return TlsStreams.client(tls.client(), tcp, host, listener.getLocalPort());
  }

  @Test
  void carriesMegabytesBothWaysAtOnceInAnyChunking() throws Exception {
    Future<TlsStreams> accepted = acceptEngine();
    try (TlsStreams client = connectEngine("localhost"); TlsStreams server = accepted.get(10, TimeUnit.SECONDS)) {
      int n = 6 * 1024 * 1024;
      CompletableFuture<byte[]> up = CompletableFuture.supplyAsync(() -> send(client.out(), n, 1), pool);
      CompletableFuture<byte[]> down = CompletableFuture.supplyAsync(() -> send(server.out(), n, 2), pool);
      byte[] atServer = receive(server.in(), n, 3);
      byte[] atClient = receive(client.in(), n, 4);
      assertThat(atServer).isEqualTo(up.get(30, TimeUnit.SECONDS));
      assertThat(atClient).isEqualTo(down.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void talksToTheJdksSslSocketInBothRoles() throws Exception {
    // Engine client, SSLSocket server.
    try (SSLServerSocket jdkServer = (SSLServerSocket) tls.server().getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Future<byte[]> echoed = pool.submit(() -> {
        try (Socket s = jdkServer.accept()) {
          byte[] got = s.getInputStream().readNBytes(200_000);
          s.getOutputStream().write(got);
          s.getOutputStream().flush();
          return got;
        }
      });
      Socket tcp = new Socket(InetAddress.getLoopbackAddress(), jdkServer.getLocalPort());
      try (TlsStreams client = TlsStreams.client(tls.client(), tcp, "localhost", jdkServer.getLocalPort())) {
        byte[] sent = pattern(200_000, 5);
        client.out().write(sent);
        assertThat(client.in().readNBytes(200_000)).isEqualTo(sent);
        assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo(sent);
      }
    }
    // SSLSocket client, engine server.
    Future<TlsStreams> accepted = acceptEngine();
    try (SSLSocket jdkClient = (SSLSocket) tls.client().getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
      jdkClient.startHandshake();
      TlsStreams server = accepted.get(10, TimeUnit.SECONDS);
      byte[] sent = pattern(100_000, 6);
      jdkClient.getOutputStream().write(sent);
      assertThat(server.in().readNBytes(sent.length)).isEqualTo(sent);
      server.out().write(sent, 0, 1000);
      assertThat(jdkClient.getInputStream().readNBytes(1000)).isEqualTo(java.util.Arrays.copyOf(sent, 1000));
      server.close();
      // The close_notify reaches the JDK's socket as the end of the stream.
      assertThat(jdkClient.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void recordsCutIntoPiecesOfAFewBytesStillArriveWhole() throws Exception {
    // A relay that passes every byte on in pieces of 1 to 7 bytes: each record and the handshake
    // arrive in fragments, so every partial-record path of the reader runs.
    try (ServerSocket relay = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Future<TlsStreams> accepted = acceptEngine();
      pool.submit(() -> {
        try (Socket in = relay.accept(); Socket out = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
          in.setTcpNoDelay(true);
          out.setTcpNoDelay(true);
          Future<?> back = pool.submit(() -> trickle(out, in, 11));
          trickle(in, out, 12);
          back.get();
        }
        return null;
      });
      Socket tcp = new Socket(InetAddress.getLoopbackAddress(), relay.getLocalPort());
      tcp.setSoTimeout(20_000);
      try (TlsStreams client = TlsStreams.client(tls.client(), tcp, "localhost", relay.getLocalPort());
          TlsStreams server = accepted.get(20, TimeUnit.SECONDS)) {
        byte[] sent = pattern(40_000, 7);
        client.out().write(sent);
        assertThat(receive(server.in(), sent.length, 8)).isEqualTo(sent);
        server.out().write(sent);
        assertThat(receive(client.in(), sent.length, 9)).isEqualTo(sent);
      }
    }
  }

  private static Void trickle(Socket from, Socket to, long seed) throws IOException {
    Random r = new Random(seed);
    byte[] buf = new byte[7];
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    int n;
    while ((n = in.read(buf, 0, 1 + r.nextInt(buf.length))) > 0) {
      out.write(buf, 0, n);
      out.flush();
    }
    to.shutdownOutput();
    return null;
  }

  @Test
  void singleByteReadsAndTheEndOfStreamAfterTheClose() throws Exception {
    Future<TlsStreams> accepted = acceptEngine();
    try (TlsStreams client = connectEngine("localhost"); TlsStreams server = accepted.get(10, TimeUnit.SECONDS)) {
      client.out().write("GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        head.append((char) server.in().read());
      }
      assertThat(head).hasToString("GET / HTTP/1.1\r\n\r\n");
      client.close();
      assertThat(server.in().read()).isEqualTo(-1);
      assertThat(server.in().read(new byte[100_000], 0, 100_000)).isEqualTo(-1);
    }
  }

  @Test
  void refusesACertificateForAnotherHost() {
    Future<TlsStreams> accepted = acceptEngine();
    assertThatThrownBy(() -> connectEngine("agent-kit.invalid")).isInstanceOf(SSLHandshakeException.class);
    // The server hears the client's alert and fails its handshake too, rather than waiting for its timeout.
    assertThatThrownBy(() -> accepted.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SSLException.class);
  }

  @Test
  void speaksTls13OnlyInBothRoles() throws Exception {
    Future<TlsStreams> accepted = acceptEngine();
    try (SSLSocket old = (SSLSocket) tls.client().getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
      old.setEnabledProtocols(new String[] {"TLSv1.2"});
      old.setSoTimeout(10_000);
      assertThatThrownBy(old::startHandshake).isInstanceOf(SSLException.class);
    }
    assertThatThrownBy(() -> accepted.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SSLException.class);
    Future<TlsStreams> current = acceptEngine();
    try (TlsStreams client = connectEngine("localhost"); TlsStreams server = current.get(10, TimeUnit.SECONDS)) {
      assertThat(client.session().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(server.session().getProtocol()).isEqualTo("TLSv1.3");
    }
  }

  @Test
  void aSilentPeerTimesTheHandshakeOut() throws Exception {
    Future<Socket> silent = pool.submit(listener::accept);
    Socket tcp = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    tcp.setSoTimeout(300);
    try (Socket ignored = silent.get(10, TimeUnit.SECONDS)) {
      assertThatThrownBy(() -> TlsStreams.client(tls.client(), tcp, "localhost", listener.getLocalPort()))
          .isInstanceOf(SocketTimeoutException.class);
    } finally {
      tcp.close();
    }
  }

  @Test
  void aPeerThatSpeaksNoTlsGetsAnSslErrorNotAHang() throws Exception {
    Future<TlsStreams> accepted = acceptEngine();
    try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
      plain.getOutputStream().write("GET /tunnel HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      assertThatThrownBy(() -> accepted.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SSLException.class);
    }
    // A record header claiming 65,535 bytes, after a valid start: refused as a record overflow.
    Future<TlsStreams> second = acceptEngine();
    try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
      plain.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, (byte) 0xff, (byte) 0xff});
      plain.getOutputStream().write(new byte[70_000]);
      assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SSLException.class);
    }
  }

  @Test
  void aPeerThatClosesMidHandshakeEndsItWithAnIoException() throws Exception {
    Future<TlsStreams> accepted = acceptEngine();
    try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
      plain.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x40, 0x01});
    }
    assertThatThrownBy(() -> accepted.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
  }

  private static byte[] send(OutputStream out, int n, long seed) {
    try {
      byte[] all = pattern(n, seed);
      Random r = new Random(seed);
      int at = 0;
      while (at < n) {
        // 1 byte to 100 KiB: below, at and above a record, and several records at once.
        int len = Math.min(n - at, r.nextInt(4) == 0 ? 1 + r.nextInt(64) : 1 + r.nextInt(100 * 1024));
        out.write(all, at, len);
        at += len;
      }
      return all;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] receive(InputStream in, int n, long seed) throws IOException {
    byte[] got = new byte[n];
    Random r = new Random(seed);
    int at = 0;
    while (at < n) {
      int len = Math.min(n - at, r.nextInt(3) == 0 ? 1 + r.nextInt(100) : 1 + r.nextInt(80 * 1024));
      int k = in.read(got, at, len);
      assertThat(k).as("bytes before the end").isPositive();
      at += k;
    }
    return got;
  }

  private static byte[] pattern(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    try {
      // Not only random: a digest-derived prefix makes a shifted copy fail the comparison too.
      byte[] d = MessageDigest.getInstance("SHA-256").digest(b);
      System.arraycopy(d, 0, b, 0, Math.min(d.length, n));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    return b;
  }
}
