package io.agentkit.core.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** ChartArchive's own ustar and gzip writer against commons-compress, which it replaces for plain charts: the same bytes. */
class ChartArchiveTest {

  private static final Instant[] TIMES = {
    Instant.EPOCH, Instant.parse("1980-01-01T00:00:00Z"), Instant.parse("2026-11-30T12:34:56Z"), Instant.ofEpochSecond(077777777777L),
    Instant.parse("2026-11-30T12:34:56.789Z"), Instant.parse("2026-11-30T12:34:56.000000123Z"), Instant.ofEpochSecond(077777777777L + 1)};

  @Test
  void theBundledChartIsWrittenWithoutCommonsCompressInTheSameBytes() throws Exception {
    Map<String, byte[]> files = new TreeMap<>(ChartFiles.bundled().files());
    for (Instant t : new Instant[] {Instant.EPOCH, Instant.parse("1980-01-01T00:00:00Z"), Instant.parse("2026-11-30T12:34:56Z")}) {
      assertThat(ChartArchive.fitsUstar("humanitec-agent", files, t)).isTrue();
      assertThat(ChartArchive.write("humanitec-agent", files, t)).isEqualTo(ChartArchive.withCommonsCompress("humanitec-agent", files, t));
    }
  }

  @Test
  void anEmptyChartToo() throws Exception {
    assertThat(ChartArchive.write("empty", Map.of(), Instant.EPOCH)).isEqualTo(ChartArchive.withCommonsCompress("empty", new TreeMap<>(), Instant.EPOCH));
  }

  @Test
  void randomChartsAreCommonsCompresssBytes() throws Exception {
    Random random = new Random(11);
    int ustar = 0;
    int rounds = 1000;
    for (int round = 0; round < rounds; round++) {
      Map<String, byte[]> files = new LinkedHashMap<>();
      for (int i = random.nextInt(5); i >= 0; i--) {
        files.put(name(random), content(random));
      }
      String chart = random.nextInt(10) == 0 ? "chärt" : "chart-" + random.nextInt(100);
      // Mostly the plain timestamps a build has, sometimes those commons-compress needs PAX headers for.
      Instant t = random.nextInt(3) == 0 ? TIMES[random.nextInt(TIMES.length)] : TIMES[random.nextInt(3)];
      Map<String, byte[]> sorted = new TreeMap<>(files);
      if (ChartArchive.fitsUstar(chart, sorted, t)) {
        ustar++;
      }
      assertThat(ChartArchive.write(chart, files, t)).as("round %d: %s at %s", round, files.keySet(), t)
          .isEqualTo(ChartArchive.withCommonsCompress(chart, sorted, t));
    }
    assertThat(ustar).isGreaterThan(rounds / 3);
  }

  private static String name(Random r) {
    String alphabet = "abcxyzABC019._-/ ~";
    int length = r.nextInt(8) == 0 ? 80 + r.nextInt(40) : 1 + r.nextInt(30);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    if (r.nextInt(12) == 0) {
      s.append(r.nextBoolean() ? "é" : "\\x");
    }
    // Files only: a name ending in "/" is a directory entry, which a chart never holds.
    return s.toString().replace("//", "/a/") + "f";
  }

  private static byte[] content(Random r) {
    int[] sizes = {0, 1, 511, 512, 513, 1024, 4096, 20_000};
    int size = r.nextBoolean() ? sizes[r.nextInt(sizes.length)] : r.nextInt(3000);
    byte[] b = new byte[size];
    if (r.nextBoolean()) {
      r.nextBytes(b);
    } else {
      for (int i = 0; i < size; i++) {
        b[i] = (byte) "key: value\n  - item\n".charAt(i % 20);
      }
    }
    return b;
  }
}
