package io.agentkit.tunnel.mux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The chain heap → stream cap → budgets, with the figures docs/agent-performance.md quotes. */
class LimitsTest {

  @Test
  void theHeapOfThe256MiPodCarriesTenThousandStreams() {
    // The JVM reports 124 MiB for -XX:MaxRAM=256m -XX:MaxRAMPercentage=50 (one survivor space is not counted).
    Limits l = Limits.forHeap(124L << 20, 20_000);
    assertThat(l.maxStreams()).isEqualTo(10_158);
    assertThat(l.minWindow()).isEqualTo(1792);
    assertThat((long) l.maxStreams() * l.minWindow()).isLessThanOrEqualTo(l.receiveBudget() / 2);
    assertThat(l.receiveBudget() + l.sendBudget() + l.controlBudget() + (long) l.maxStreams() * Limits.STREAM_COST)
        .as("what the budgets can hold together stays under the heap").isLessThan(124L << 20);
  }

  @Test
  void descriptorsCapStreamsAndTwiceTheHeapGivesTwiceTheStreams() {
    assertThat(Limits.forHeap(124L << 20, 1024).maxStreams()).isEqualTo(768);
    assertThat(Limits.forHeap(248L << 20, 1_000_000).maxStreams()).isEqualTo(2 * Limits.forHeap(124L << 20, 1_000_000).maxStreams());
  }

  @Test
  void theDescriptorLimitIsReadWithoutJavaManagement() {
    assertThat(Limits.openFileLimit()).isPositive();
  }
}
