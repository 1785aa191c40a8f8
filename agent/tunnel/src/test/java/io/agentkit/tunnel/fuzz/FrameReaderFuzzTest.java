package io.agentkit.tunnel.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.tunnel.protocol.FrameListener;
import io.agentkit.tunnel.protocol.FrameReader;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.protocol.Reason;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any bytes into the tunnel frame reader: it either reports one well-formed frame or throws
 * {@link ProtocolException}, never anything else, and every value it reports is within the
 * protocol's bounds. Inputs are random bytes and valid frames with bytes flipped, cut or added.
 */
class FrameReaderFuzzTest {

  /** Checks every reported value against the protocol's bounds. */
  private static final FrameListener CHECKING = new FrameListener() {
    @Override
    public void onOpen(int streamId, int window, String host, int port) {
      assertThat(streamId).isNotZero();
      assertThat(window).isPositive();
      assertThat(TunnelProtocol.hostProblem(host)).isNull();
      assertThat(port).isBetween(1, 65535);
    }

    @Override
    public void onOpened(int streamId, int window) {
      assertThat(window).isPositive();
    }

    @Override
    public void onOpenFailed(int streamId, Reason reason, String message) {
      assertThat(message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(TunnelProtocol.MAX_REASON_BYTES);
    }

    @Override
    public void onData(int streamId, ByteBuffer data) {
      assertThat(data.remaining()).isBetween(1, TunnelProtocol.MAX_DATA);
    }

    @Override
    public void onWindow(int streamId, int increment) {
      assertThat(increment).isPositive();
    }

    @Override
    public void onClose(int streamId) {}

    @Override
    public void onReset(int streamId, Reason reason, String message) {}

    @Override
    public void onDrain() {}

    @Override
    public void onPing(long payload) {}

    @Override
    public void onPong(long payload) {}
  };

  @Property
  void randomBytesAreAFrameOrAProtocolError(@ForAll("randomFrames") byte[] frame) {
    readOrRefuse(frame);
  }

  @Property
  void mutatedValidFramesAreAFrameOrAProtocolError(@ForAll("mutatedFrames") byte[] frame) {
    readOrRefuse(frame);
  }

  private static void readOrRefuse(byte[] frame) {
    try {
      new FrameReader(CHECKING).read(ByteBuffer.wrap(frame));
    } catch (ProtocolException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<byte[]> randomFrames() {
    Arbitrary<Byte> type = Arbitraries.bytes().between((byte) 0, (byte) 12);
    Arbitrary<byte[]> rest = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    return Combinators.combine(type, rest).as((t, r) -> {
      byte[] f = new byte[r.length + 1];
      f[0] = t;
      System.arraycopy(r, 0, f, 1, r.length);
      return f;
    });
  }

  @Provide
  Arbitrary<byte[]> mutatedFrames() {
    Arbitrary<ByteBuffer> valid = Arbitraries.of(List.of(
        FrameWriter.open(7, 65_536, "db.internal", 5432),
        FrameWriter.opened(7, 65_536),
        FrameWriter.openFailed(7, Reason.TIMEOUT, "no answer"),
        FrameWriter.data(7, new byte[] {1, 2, 3}, 0, 3),
        FrameWriter.window(7, 1000),
        FrameWriter.close(7),
        FrameWriter.reset(7, Reason.CANCELLED, "bye é"),
        FrameWriter.drain(),
        FrameWriter.ping(1),
        FrameWriter.pong(2)));
    return Combinators.combine(valid, Mutation.arbitrary()).as((b, m) -> m.apply(toArray(b)));
  }

  static byte[] toArray(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}
