package io.agentkit.core.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.core.yaml.YamlTree;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The fast values check never vouches for values the schema validator refuses, over the bundled
 * chart's real schema: documents are the chart's defaults with values set or removed at the paths the
 * schema declares (and unknown ones), taken from every setting's example and invalid example and from
 * generated scalars, lists and mappings, including YAML's own scalar forms. The statistics require
 * both answers in good number, so the property cannot pass by vouching for nothing.
 */
class ValuesPrecheckDifferentialTest {

  private static final ValuesDocuments DOCS = ValuesDocuments.bundled();

  @Property(tries = 1500)
  void neverValidWhereTheValidatorRefuses(@ForAll("documents") String yaml) {
    YamlTree tree;
    try {
      tree = YamlEditor.parse(yaml, "values.yaml");
    } catch (ChartException e) {
      Assume.that(false);
      return;
    }
    boolean vouched = ValuesPrecheck.certainlyValid(DOCS.schema, tree);
    String refusal = null;
    try {
      ValuesSchema.validate(DOCS.schema, yaml, "bundled chart");
    } catch (ChartException e) {
      refusal = e.getMessage();
    }
    Statistics.label("precheck, validator").collect(vouched ? "vouched" : "not vouched", refusal == null ? "valid" : "invalid");
    Statistics.label("precheck, validator").coverage(c -> {
      c.check("vouched", "valid").percentage(p -> p > 15);
      c.check("not vouched", "invalid").percentage(p -> p > 15);
    });
    if (vouched) {
      assertThat(refusal).as(yaml).isNull();
    }
  }

  @Provide
  Arbitrary<String> documents() {
    Arbitrary<ValuesDocuments.Edit> edit = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, Arbitraries.of(DOCS.settingEdits)),
        net.jqwik.api.Tuple.of(5, Arbitraries.of(DOCS.schemaPaths).flatMap(p -> values(2).map(v -> new ValuesDocuments.Edit(List.of(p.split("\\.")), v)))),
        net.jqwik.api.Tuple.of(2, Arbitraries.of(DOCS.schemaPaths).flatMap(p -> keys().map(k -> new ValuesDocuments.Edit(List.of((p + "." + k).split("\\.")), "x")))),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(DOCS.schemaPaths).map(p -> new ValuesDocuments.Edit(List.of(p.split("\\.")), ValuesDocuments.REMOVE))),
        net.jqwik.api.Tuple.of(1, keys().map(k -> new ValuesDocuments.Edit(List.of(k), "x"))));
    return edit.list().ofMinSize(0).ofMaxSize(3).map(DOCS::document);
  }

  /** Scalars, YAML scalar forms, lists and mappings, nested up to {@code depth}. */
  private static Arbitrary<Object> values(int depth) {
    Arbitrary<Object> scalars = Arbitraries.oneOf(strings(), numbers(), Arbitraries.of(true, false), Arbitraries.just(null), rawScalars());
    if (depth == 0) {
      return scalars;
    }
    Arbitrary<Object> lists = values(depth - 1).list().ofMaxSize(3).map(l -> (Object) l);
    Arbitrary<Object> maps = Arbitraries.maps(keys(), values(depth - 1)).ofMaxSize(3).map(m -> (Object) new java.util.LinkedHashMap<>(m));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, scalars), net.jqwik.api.Tuple.of(2, lists), net.jqwik.api.Tuple.of(2, maps));
  }

  private static Arbitrary<Object> strings() {
    List<Object> known = new ArrayList<>(List.of("", "a", "DEBUG", "Always", "IfNotPresent", "secret", "external-secret", "org-a", "org-a,org-b",
        "Org_A", "50m", "1Gi", "1e3", "0.5", "+1", "-1", "10%", "a\nb", "a\rb", "x\n", "*.svc.cluster.local:443", "10.0.0.0/8:*", "[::1]:80", "*",
        "db", "wss://tunnel.example.com/tunnel", "https://x", "/secrets/agent/key.pem", "/etc/key.pem", "/a/b c/d", "1h30m", "0", "hourly",
        "sha256:" + "a".repeat(64), "sha256:" + "A".repeat(64), "ns/name", "agents/prod", "ClusterSecretStore", "RollingUpdate", "\u00e9", "\ud83d\ude00",
        "caf\u00e9", "a\u0007b", "a\u2028b", "\u0130", "a".repeat(63), "a".repeat(64), "a".repeat(253), "a".repeat(254), "\ud83d\ude00".repeat(40),
        "a.b.c", "a..b", "-a", "a-", "registry.example.com/humanitec/agent", "ghcr.io/X/Agent", "aGVsbG8=", "abc ", " abc"));
    Arbitrary<Object> generated = Arbitraries.strings().withChars("aZ09-._/:*,% \t\n+=@\u00e9\u0000").ofMaxLength(12).map(s -> (Object) s);
    return Arbitraries.oneOf(Arbitraries.of(known), generated);
  }

  private static Arbitrary<Object> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(-3, 70).map(i -> (Object) i),
        Arbitraries.of(0L, 1L << 40, Long.MAX_VALUE, -(1L << 53)).map(l -> (Object) l),
        Arbitraries.of(0.0, -0.0, 0.5, 1.0, 1.5, 3.0, -1.0, 1e20, 1e300, 2.5e-3).map(d -> (Object) d),
        Arbitraries.just(new BigInteger("123456789012345678901234567890")));
  }

  /** YAML's own forms, written as they are: booleans, octal and hex, underscores, tags, binary. */
  private static Arbitrary<Object> rawScalars() {
    return Arbitraries.of("yes", "no", "on", "off", "~", "0x1F", "017", "0o17", "1_000", ".5", "1e3", "1.0", "-1", "+1", "2001-12-14", "12:30:45",
        "!!binary aGVsbG8=", "!!str 5", "!!float 1", "!!int \"3\"", "'single'", "1.", "-0").map(ValuesDocuments.Raw::new);
  }

  private static Arbitrary<String> keys() {
    return Arbitraries.of("name", "mountPath", "type", "enabled", "x", "secretRef", "1BAD", "HTTPS_PROXY", "team", "example.com/team", "a.b/c", "bad key!",
        "kubernetes.io/os", "-a", "\u00e9", "limits", "cpu", "memory", "rollingUpdate", "maxUnavailable");
  }
}
