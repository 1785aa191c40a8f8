package io.agentkit.contract.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static io.agentkit.contract.testing.TargetPatternCases.INVALID;
import static io.agentkit.contract.testing.TargetPatternCases.VALID;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetPatternTest {

  @Test
  void readsNamesSuffixesAddressesRangesAndPorts() {
    assertThat(TargetPattern.parseList("*.svc.cluster.local:443, 10.0.0.0/8:*,db:5432,api:8000-8099,2001:db8::/32:443,*")).containsExactly(
        new TargetPattern("*.svc.cluster.local", null, 443, 443), new TargetPattern(null, "10.0.0.0/8", 1, 65535),
        new TargetPattern("db", null, 5432, 5432), new TargetPattern("api", null, 8000, 8099),
        new TargetPattern(null, "2001:db8::/32", 443, 443), new TargetPattern("*", null, 1, 65535));
    assertThat(TargetPattern.parse("10.1.2.3:443")).isEqualTo(new TargetPattern(null, "10.1.2.3/32", 443, 443));
    assertThat(TargetPattern.parse("[FD00::1]:443")).isEqualTo(new TargetPattern(null, "fd00::1/128", 443, 443));
    assertThat(TargetPattern.parse("fd00::/8:443").network()).hasSize(16).startsWith(0xfd);
    assertThat(TargetPattern.parse("fd00::/8:443").prefix()).isEqualTo(8);
    assertThat(TargetPattern.parse("[::ffff:10.0.0.1]:80").network()).containsExactly(10, 0, 0, 1);
    assertThat(TargetPattern.parse("[::ffff:10.0.0.1]:80").prefix()).isEqualTo(32);
    assertThat(TargetPattern.parse("::ffff:10.0.0.0/104:1").prefix()).isEqualTo(8);
    assertThat(TargetPattern.parse("*").anyTarget()).isTrue();
    assertThat(TargetPattern.parse("*:*").anyTarget()).isTrue();
    assertThat(TargetPattern.parse("db:*").anyPort()).isTrue();
    assertThat(TargetPattern.parse("DB.Example.COM:1").host()).isEqualTo("db.example.com");
    for (String valid : VALID) {
      assertThat(TargetPattern.parse(valid)).as(valid).isNotNull();
    }
  }

  @Test
  void namePatternsMatchNamesAndNothingElse() {
    assertThat(TargetPattern.parse("*.svc.cluster.local:443").matchesName("Kubernetes.default.svc.cluster.local")).isTrue();
    assertThat(TargetPattern.parse("*.svc.cluster.local:443").matchesName("svc.cluster.local")).isFalse();
    assertThat(TargetPattern.parse("*.svc.cluster.local:443").matchesName("evilsvc.cluster.local")).isFalse();
    assertThat(TargetPattern.parse("db:1").matchesName("DB")).isTrue();
    assertThat(TargetPattern.parse("db:1").isExactName()).isTrue();
    assertThat(TargetPattern.parse("*:1").isExactName()).isFalse();
    assertThat(TargetPattern.parse("10.1.2.3:1").matchesName("10.1.2.3")).as("an address pattern matches the address, not the text").isFalse();
    assertThat(TargetPattern.parse("10.1.2.3:1").isExactName()).isFalse();
  }

  @Test
  void refusesNamingThePatternAndWhy() {
    for (List<String> c : INVALID) {
      assertThatThrownBy(() -> TargetPattern.parse(c.get(0))).as(c.get(0)).isInstanceOf(TargetPattern.InvalidPatternException.class)
          .hasMessageContaining("pattern '" + c.get(0) + "'").hasMessageContaining(c.get(1));
    }
    assertThatThrownBy(() -> TargetPattern.parseList(" , ")).hasMessageContaining("has no pattern");
  }
}
