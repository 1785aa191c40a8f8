package io.agentkit.tunnel.ws;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** RFC 6455 §5.3 masking, eight bytes per step: byte-wise masking costs as much CPU as TLS itself. */
final class Masking {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Masking() {}

  static void apply(byte[] p, int from, int len, byte[] key) {
    long m4 = ((key[0] & 0xffL) << 24) | ((key[1] & 0xffL) << 16) | ((key[2] & 0xffL) << 8) | (key[3] & 0xffL);
    long m8 = (m4 << 32) | m4;
    int i = 0;
    for (int end = len - 7; i < end; i += 8) {
      LONGS.set(p, from + i, (long) LONGS.get(p, from + i) ^ m8);
    }
    for (; i < len; i++) {
      p[from + i] ^= key[i & 3];
    }
  }
}
