package io.agentkit.tunnel.fuzz;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** One edit to a valid input: flip a byte, cut the tail, or append bytes. */
record Mutation(int kind, int position, byte value, int length) {

  static Arbitrary<Mutation> arbitrary() {
    return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1 << 16),
        Arbitraries.bytes(), Arbitraries.integers().between(1, 64)).as(Mutation::new);
  }

  byte[] apply(byte[] input) {
    if (input.length == 0) {
      return new byte[] {value};
    }
    int at = position % input.length;
    return switch (kind) {
      case 0 -> {
        byte[] out = input.clone();
        out[at] = value;
        yield out;
      }
      case 1 -> {
        byte[] out = input.clone();
        out[at] ^= (byte) (1 << (length & 7));
        yield out;
      }
      case 2 -> Arrays.copyOf(input, at);
      default -> {
        byte[] out = Arrays.copyOf(input, input.length + length);
        Arrays.fill(out, input.length, out.length, value);
        yield out;
      }
    };
  }
}
