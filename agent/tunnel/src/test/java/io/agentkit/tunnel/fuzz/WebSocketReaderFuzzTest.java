package io.agentkit.tunnel.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.tunnel.ws.WebSocketException;
import io.agentkit.tunnel.ws.WebSocketReader;
import io.agentkit.tunnel.ws.WebSocketWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Any bytes into the WebSocket reader, in both roles: it returns messages no longer than the limit,
 * or ends with a {@link WebSocketException} or the end of the stream, never anything else; and its
 * buffer never grows past the limit whatever the lengths claim.
 */
class WebSocketReaderFuzzTest {

  private static final int MAX = 4096;

  @Property
  void randomBytes(@ForAll("bytes") byte[] input, @ForAll boolean server) {
    readAll(input, server);
  }

  @Property
  void mutatedValidStreams(@ForAll("mutatedStreams") byte[] input, @ForAll boolean server) {
    readAll(input, server);
  }

  @Property(tries = 2000)
  void headersClaimingAnyLength(@ForAll @IntRange(min = 0, max = 255) int b0, @ForAll long length, @ForAll boolean masked) {
    ByteBuffer b = ByteBuffer.allocate(14).put((byte) b0).put((byte) ((masked ? 0x80 : 0) | 127)).putLong(length);
    readAll(b.array(), masked);
  }

  private static void readAll(byte[] input, boolean server) {
    WebSocketReader r = new WebSocketReader(new ByteArrayInputStream(input), server, MAX, new WebSocketReader.ControlFrames() {
      @Override
      public void onPing(byte[] payload) {
        assertThat(payload.length).isLessThanOrEqualTo(125);
      }

      @Override
      public void onPong(byte[] payload) {
        assertThat(payload.length).isLessThanOrEqualTo(125);
      }
    });
    try {
      for (int i = 0; i < 1000; i++) {
        assertThat(r.readMessage().remaining()).isLessThanOrEqualTo(MAX);
        assertThat(r.bufferedCapacity()).isLessThanOrEqualTo(MAX);
      }
    } catch (WebSocketException | EOFException expected) {
      assertThat(r.bufferedCapacity()).isLessThanOrEqualTo(MAX);
    } catch (IOException e) {
      throw new AssertionError("unexpected " + e, e);
    }
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
  }

  @Provide
  Arbitrary<byte[]> mutatedStreams() {
    Arbitrary<byte[]> valid = Combinators.combine(Arbitraries.integers().between(0, 300), Arbitraries.integers().between(0, 3), Arbitraries.of(true, false))
        .as((size, fragments, mask) -> validStream(size, fragments, mask));
    return Combinators.combine(valid, Mutation.arbitrary(), Mutation.arbitrary()).as((v, m1, m2) -> m2.apply(m1.apply(v)));
  }

  /** A ping, a binary message in {@code fragments + 1} frames, a pong and a close, as one role writes them. */
  private static byte[] validStream(int size, int fragments, boolean mask) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      WebSocketWriter w = new WebSocketWriter(out, mask, new Random(size));
      w.writePing(new byte[] {1, 2});
      byte[] payload = new byte[size];
      int per = size / (fragments + 1);
      for (int i = 0; i <= fragments; i++) {
        int from = i * per;
        int to = i == fragments ? size : from + per;
        int opcode = i == 0 ? 0x2 : 0x0;
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        new WebSocketWriter(frame, mask, new Random(i)).writeFrame(opcode, payload, from, to - from);
        byte[] f = frame.toByteArray();
        if (i < fragments) {
          f[0] &= 0x7f;
        }
        out.write(f);
      }
      w.writePong(new byte[0]);
      w.writeClose(1000, "done");
      return out.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
