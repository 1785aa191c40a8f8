package io.agentkit.contract.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetPatternTest {

  @Test
  void readsNamesSuffixesCidrRangesAndPorts() {
    assertThat(TargetPattern.parseList("*.svc.cluster.local:443, 10.0.0.0/8:*,db:5432,api:8000-8099,2001:db8::/32:443,*")).containsExactly(
        new TargetPattern("*.svc.cluster.local", null, 443, 443), new TargetPattern(null, "10.0.0.0/8", 1, 65535),
        new TargetPattern("db", null, 5432, 5432), new TargetPattern("api", null, 8000, 8099),
        new TargetPattern(null, "2001:db8::/32", 443, 443), new TargetPattern("*", null, 1, 65535));
    assertThat(TargetPattern.parse("*").anyTarget()).isTrue();
    assertThat(TargetPattern.parse("*:*").anyTarget()).isTrue();
    assertThat(TargetPattern.parse("db:*").anyPort()).isTrue();
    assertThat(TargetPattern.parse("DB.Example.COM:1").host()).isEqualTo("db.example.com");
  }

  @Test
  void refusesWhatTheAgentRefusesNamingThePattern() {
    for (List<String> c : List.of(
        List.of("db", "is not host:port"), List.of("[::1]:443", "is not host:port"), List.of("db:0", "has port 0 outside 1..65535"),
        List.of("db:70000", "outside 1..65535"), List.of("db:9-1", "ends before it starts"), List.of("10.0.0.0/33:1", "prefix outside 0..32"),
        List.of("300.0.0.0/8:1", "is not a CIDR range"), List.of("example.com/8:1", "is not a CIDR range"), List.of("fd00::/8:1", "is not a CIDR range"),
        List.of("bad_host:1", "neither a name"), List.of("db:http", "has port http"))) {
      assertThatThrownBy(() -> TargetPattern.parse(c.get(0))).as(c.get(0)).isInstanceOf(TargetPattern.InvalidPatternException.class)
          .hasMessageContaining("pattern '" + c.get(0) + "'").hasMessageContaining(c.get(1));
    }
    assertThatThrownBy(() -> TargetPattern.parseList(" , ")).hasMessageContaining("has no pattern");
  }
}
