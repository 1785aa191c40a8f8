package io.agentkit.tunnel.ws;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * TLS over a connected TCP socket's streams, driven by an {@link SSLEngine}: the tunnel's one
 * long-lived bulk connection at both ends. An {@code SSLSocket} sends every record (16 KiB at most)
 * with a system call of its own and reads every record with two (its header, then its body), so a
 * 64 KiB DATA frame cost five writes at one end and ten reads at the other, each pushing one small
 * segment through the network stack and waking the peer. Here one {@link #out() write} is sealed
 * into consecutive records in one buffer and leaves in one system call, and a read takes whatever
 * the kernel holds, several records at a time. Measured in docs/agent-performance.md.
 *
 * <p>Blocking, on the socket's own streams: {@code SO_TIMEOUT} bounds the handshake and every read
 * as it did, and closing the socket from another thread ends a blocked read or write. One thread
 * reads and any number write: writes are serialised here, because a read may have to send too (the
 * answer to a TLS 1.3 KeyUpdate).
 *
 * <p>Memory per connection: three buffers that start at {@link #INITIAL_BUFFER} and grow as records
 * need: to one record each, and the read and write buffers to {@link #MAX_BATCH_RECORDS} records
 * once a reader or writer moves large blocks (an authenticated tunnel). A peer that never gets
 * past the handshake (the orchestrator admits 1,024 at once) holds buffers of about 25 KiB: the
 * write buffer grows to one record for the first flight (the engine wants a whole record's room for
 * any wrap), the other two stay at 4 KiB unless the peer sends large records.
 */
public final class TlsStreams implements Closeable {

  /** Records sealed into one system call at most: a whole DATA frame of 64 KiB and its headers. */
  static final int MAX_BATCH_RECORDS = 5;

  /**
   * TLS 1.3 only, both roles: no renegotiation, during which a writer's wrap would make no progress
   * until the reader finished a handshake a hostile peer might never finish. Both ends of the tunnel
   * are ours and run on a JDK that has it.
   */
  static final String[] PROTOCOLS = {"TLSv1.3"};

  /** Bytes each buffer starts with: a ClientHello, a handshake flight's first record, a request head. */
  static final int INITIAL_BUFFER = 4096;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final Socket tcp;
  private final SSLEngine engine;
  private final InputStream rawIn;
  private final OutputStream rawOut;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final int packetSize;
  /** The largest plaintext of one record. */
  private final int appSize;
  /** Ciphertext read and not yet unwrapped, in read mode. Reading thread only. */
  private ByteBuffer netIn;
  /** Plaintext unwrapped and not yet returned, in read mode. Reading thread only. */
  private ByteBuffer appIn;
  /** Sealed records not yet written, in write mode. Guarded by writeLock. */
  private ByteBuffer netOut;
  /** The peer's close_notify or the end of the socket arrived. Reading thread only. */
  private boolean inboundDone;
  private final InputStream in = new In();
  private final OutputStream out = new Out();

  private TlsStreams(Socket tcp, SSLEngine engine) throws IOException {
    this.tcp = tcp;
    this.engine = engine;
    this.rawIn = tcp.getInputStream();
    this.rawOut = tcp.getOutputStream();
    SSLSession session = engine.getSession();
    this.packetSize = session.getPacketBufferSize();
    this.appSize = session.getApplicationBufferSize();
    this.netIn = ByteBuffer.allocate(INITIAL_BUFFER).flip();
    this.appIn = ByteBuffer.allocate(INITIAL_BUFFER).flip();
    this.netOut = ByteBuffer.allocate(INITIAL_BUFFER);
  }

  /**
   * The client side over {@code tcp}, the handshake done: the server's certificate is verified
   * against {@code host} (also sent as SNI), as {@code HttpsURLConnection} would.
   */
  public static TlsStreams client(SSLContext context, Socket tcp, String host, int port) throws IOException {
    SSLEngine engine = context.createSSLEngine(host, port);
    engine.setUseClientMode(true);
    SSLParameters params = engine.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    engine.setSSLParameters(params);
    return handshake(tcp, engine);
  }

  /** The server side over an accepted {@code tcp}, the handshake done within the socket's {@code SO_TIMEOUT}. */
  public static TlsStreams server(SSLContext context, SSLParameters params, Socket tcp) throws IOException {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    engine.setSSLParameters(params);
    return handshake(tcp, engine);
  }

  private static TlsStreams handshake(Socket tcp, SSLEngine engine) throws IOException {
    // Whatever the parameters said: see PROTOCOLS.
    engine.setEnabledProtocols(PROTOCOLS);
    TlsStreams t = new TlsStreams(tcp, engine);
    engine.beginHandshake();
    t.completeHandshake();
    return t;
  }

  public InputStream in() {
    return in;
  }

  public OutputStream out() {
    return out;
  }

  public SSLSession session() {
    return engine.getSession();
  }

  /**
   * Sends a close_notify when no write is under way (a writer blocked on a peer that stopped
   * reading must not hold this up), then closes the socket. Never throws.
   */
  @Override
  public void close() {
    if (writeLock.tryLock()) {
      try {
        engine.closeOutbound();
        wrapControl();
        flush();
      } catch (IOException | RuntimeException ignored) {
        // The peer is gone or the engine already closed: closing the socket is all that is left.
      } finally {
        writeLock.unlock();
      }
    }
    try {
      tcp.close();
    } catch (IOException ignored) {
      // Nothing left to release.
    }
  }

  private void completeHandshake() throws IOException {
    try {
      while (true) {
        switch (engine.getHandshakeStatus()) {
          case NEED_WRAP -> sendHandshake();
          case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
            if (unwrapInto(null) < 0) {
              throw new EOFException("the peer closed the connection during the TLS handshake");
            }
          }
          case NEED_TASK -> runTasks();
          case FINISHED, NOT_HANDSHAKING -> {
            return;
          }
        }
      }
    } catch (SSLException e) {
      // The engine has an alert for the peer (bad certificate, no common suite): send it if it can go.
      sendAlertQuietly();
      throw e;
    }
  }

  /** Wraps what the engine wants to send during a handshake (or a KeyUpdate answer) and writes it. */
  private void sendHandshake() throws IOException {
    writeLock.lock();
    try {
      SSLEngineResult r = wrapControl();
      flush();
      if (r.getStatus() == SSLEngineResult.Status.CLOSED && !inboundDone && r.bytesProduced() == 0) {
        throw new SSLException("the TLS connection was closed");
      }
    } finally {
      writeLock.unlock();
    }
  }

  private void sendAlertQuietly() {
    if (!writeLock.tryLock()) {
      return;
    }
    try {
      // A failure inside a delegated task is thrown again by the next wrap, before the alert the
      // engine queued for it: wrap until the alert is out or the engine has nothing more to send.
      for (int attempt = 0; attempt < 3 && !engine.isOutboundDone(); attempt++) {
        try {
          wrapControl();
        } catch (SSLException again) {
          continue;
        }
        flush();
        engine.closeOutbound();
      }
      flush();
    } catch (IOException | RuntimeException ignored) {
      // The alert is a courtesy; the exception that caused it is what the caller sees.
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Wraps what the engine has to send on its own (handshake messages, an alert, close_notify),
   * making room as it asks: it wants a whole record's room even for a 7-byte alert. Caller holds
   * writeLock.
   */
  private SSLEngineResult wrapControl() throws IOException {
    SSLEngineResult r;
    while ((r = engine.wrap(EMPTY, netOut)).getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
      makeRoom();
    }
    return r;
  }

  private void runTasks() {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
  }

  /**
   * Unwraps one step into {@code dst} (null: the plaintext buffer), reading from the socket when
   * the engine needs more ciphertext. Returns the plaintext bytes produced into {@code dst}, 0 when
   * the step produced none (a handshake or post-handshake message), or -1 at the end of input.
   */
  private int unwrapInto(ByteBuffer dst) throws IOException {
    ByteBuffer caller = dst;
    while (true) {
      if (netIn.hasRemaining()) {
        ByteBuffer target = dst;
        if (target == null) {
          appIn.compact();
          target = appIn;
        }
        SSLEngineResult r;
        try {
          r = engine.unwrap(netIn, target);
        } finally {
          if (target == appIn) {
            appIn.flip();
          }
        }
        switch (r.getStatus()) {
          case OK -> {
            afterStep(r);
            if (r.bytesConsumed() > 0 || r.bytesProduced() > 0) {
              return target == caller ? r.bytesProduced() : 0;
            }
          }
          case CLOSED -> {
            inboundDone = true;
            afterStep(r);
            return -1;
          }
          case BUFFER_OVERFLOW -> {
            if (dst != null) {
              // The caller's array is smaller than the record: go through the plaintext buffer.
              dst = null;
              continue;
            }
            // The session now allows larger records than the buffer was made for.
            appIn = grow(appIn, engine.getSession().getApplicationBufferSize() + appIn.remaining());
            continue;
          }
          case BUFFER_UNDERFLOW -> {
            // A partial record: read more below.
          }
        }
      }
      if (!readMore()) {
        inboundDone = true;
        return -1;
      }
    }
  }

  private void afterStep(SSLEngineResult r) throws IOException {
    switch (r.getHandshakeStatus()) {
      case NEED_TASK -> runTasks();
      case NEED_WRAP -> {
        if (!engine.isOutboundDone()) {
          sendHandshake();
        }
      }
      default -> {
        // Nothing to do: NEED_UNWRAP continues in the caller's loop.
      }
    }
  }

  /** Reads what the socket has into the ciphertext buffer; false at the end of the stream. */
  private boolean readMore() throws IOException {
    netIn.compact();
    if (!netIn.hasRemaining()) {
      // Full, and still no whole record: room for the largest record the session allows.
      netIn = grow(netIn.flip(), Math.max(2 * netIn.capacity(), engine.getSession().getPacketBufferSize()));
      netIn.compact();
    }
    int n;
    try {
      n = rawIn.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
    } finally {
      // Back to read mode even when the read failed, so a later call finds the buffer consistent.
      netIn.flip();
    }
    if (n < 0) {
      return false;
    }
    netIn.limit(netIn.limit() + n);
    return true;
  }

  /** A copy of {@code b}'s remaining bytes in a buffer of {@code capacity}, in read mode. */
  private static ByteBuffer grow(ByteBuffer b, int capacity) {
    if (capacity > 4 * 1024 * 1024) {
      throw new IllegalStateException("a TLS buffer would grow to " + capacity + " bytes");
    }
    return ByteBuffer.allocate(capacity).put(b).flip();
  }

  /** Writes the sealed records out. Caller holds writeLock. */
  private void flush() throws IOException {
    if (netOut.position() > 0) {
      try {
        rawOut.write(netOut.array(), netOut.arrayOffset(), netOut.position());
      } finally {
        netOut.clear();
      }
    }
  }

  /** The write buffer is too small for the next record: write it out, or grow it. Caller holds writeLock. */
  private void makeRoom() throws IOException {
    if (netOut.position() > 0 && netOut.capacity() >= MAX_BATCH_RECORDS * packetSize) {
      flush();
    } else {
      int want = Math.max(engine.getSession().getPacketBufferSize(), Math.min(MAX_BATCH_RECORDS * packetSize, 2 * netOut.capacity()));
      if (want <= netOut.capacity()) {
        want = netOut.capacity() + engine.getSession().getPacketBufferSize();
      }
      netOut = grow(netOut.flip(), want).compact();
    }
  }

  private void write(byte[] b, int off, int len) throws IOException {
    ByteBuffer src = ByteBuffer.wrap(b, off, len);
    writeLock.lock();
    try {
      while (src.hasRemaining()) {
        SSLEngineResult r = engine.wrap(src, netOut);
        switch (r.getStatus()) {
          case OK -> {
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
              runTasks();
            } else if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
              // Never expected with TLS 1.3; spinning here would be the alternative.
              throw new SSLException("the TLS engine took no data (" + r.getHandshakeStatus() + ")");
            }
          }
          case BUFFER_OVERFLOW -> makeRoom();
          case CLOSED -> throw new SSLException("the TLS connection is closed for writing");
          case BUFFER_UNDERFLOW -> throw new IllegalStateException("wrap cannot underflow");
        }
      }
      flush();
    } finally {
      writeLock.unlock();
    }
  }

  private final class In extends InputStream {

    private final byte[] one = new byte[1];

    @Override
    public int read() throws IOException {
      int n;
      while ((n = read(one, 0, 1)) == 0) {
        // A step without plaintext: try again.
      }
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      while (true) {
        if (appIn.hasRemaining()) {
          int n = Math.min(len, appIn.remaining());
          appIn.get(b, off, n);
          return n;
        }
        if (inboundDone) {
          return -1;
        }
        if (len > netIn.capacity() && netIn.capacity() < MAX_BATCH_RECORDS * packetSize) {
          // A reader of large blocks (the WebSocket after the upgrade, never a request head): read as
          // many records per system call as a writer here sends in one.
          netIn = grow(netIn, MAX_BATCH_RECORDS * packetSize);
        }
        // Straight into the caller's array when it can take a whole record: one copy less.
        ByteBuffer dst = len >= appSize ? ByteBuffer.wrap(b, off, len) : null;
        int n = unwrapInto(dst);
        if (n > 0) {
          return n;
        }
        if (n < 0 && !appIn.hasRemaining()) {
          return -1;
        }
      }
    }

    @Override
    public int available() {
      return appIn.remaining();
    }

    @Override
    public void close() {
      TlsStreams.this.close();
    }
  }

  private final class Out extends OutputStream {

    @Override
    public void write(int b) throws IOException {
      TlsStreams.this.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len > 0) {
        TlsStreams.this.write(b, off, len);
      }
    }

    @Override
    public void close() {
      TlsStreams.this.close();
    }
  }
}
