package io.agentkit.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

  @Test
  void parsesTheKubernetesForms() {
    assertThat(Quantities.parse("250m")).contains(new BigDecimal("0.250"));
    assertThat(Quantities.parse("0.25").get()).isEqualByComparingTo("0.25");
    assertThat(Quantities.parse("64Mi").get()).isEqualByComparingTo(String.valueOf(64L << 20));
    assertThat(Quantities.parse("1e3").get()).isEqualByComparingTo("1000");
    assertThat(Quantities.parse("1.5G").get()).isEqualByComparingTo("1500000000");
    assertThat(Quantities.parse("256MB")).isEmpty();
    assertThat(Quantities.parse("256 Mi")).isEmpty();
    assertThat(Quantities.parse("")).isEmpty();
  }

  @Test
  void suggestsUnitsForCommonMistakes() {
    assertThat(Quantities.memorySuggestion("256MB")).contains("write 256Mi (mebibytes) or 256M (megabytes)");
    assertThat(Quantities.memorySuggestion("1gb")).contains("write 1Gi (gibibytes) or 1G (gigabytes)");
    assertThat(Quantities.memorySuggestion("lots")).isEmpty();
  }
}
