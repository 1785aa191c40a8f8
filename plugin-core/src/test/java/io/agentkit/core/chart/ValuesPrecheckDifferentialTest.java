package io.agentkit.core.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.core.yaml.YamlTree;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast values check never vouches for values the schema validator refuses, over the bundled
 * chart's real schema. Each generated document is the chart's defaults with up to three values set or
 * removed at the paths the schema declares (and unknown ones), taken from every setting's example and
 * invalid example and from generated scalars, lists and mappings, including YAML's own scalar forms
 * and strings where Java and ECMA-262 regular expressions or length counts differ. Seeded, so a
 * failure names its seed and document; {@code -Dprecheck.documents=N} runs a longer search. Both
 * answers must come up in good number, so the test cannot pass by vouching for nothing.
 */
class ValuesPrecheckDifferentialTest {

  private static final ValuesDocuments DOCS = ValuesDocuments.bundled();
  private static final int DOCUMENTS = Integer.getInteger("precheck.documents", 1500);

  private static final List<Object> STRINGS = List.of("", "a", "DEBUG", "Always", "IfNotPresent", "secret", "external-secret", "org-a", "org-a,org-b",
      "Org_A", "50m", "1Gi", "1e3", "0.5", "+1", "-1", "10%", "a\nb", "a\rb", "x\n", "*.svc.cluster.local:443", "10.0.0.0/8:*", "[::1]:80", "*", "db",
      "wss://tunnel.example.com/tunnel", "https://x", "/secrets/agent/key.pem", "/etc/key.pem", "/a/b c/d", "1h30m", "0", "hourly", "sha256:" + "a".repeat(64),
      "sha256:" + "A".repeat(64), "ns/name", "agents/prod", "ClusterSecretStore", "RollingUpdate", "\u00e9", "\ud83d\ude00", "caf\u00e9", "a\u0007b", "a\u2028b",
      "\u0130", "a".repeat(63), "a".repeat(64), "a".repeat(253), "a".repeat(254), "\ud83d\ude00".repeat(40), "a.b.c", "a..b", "-a", "a-",
      "registry.example.com/humanitec/agent", "ghcr.io/X/Agent", "aGVsbG8=", "abc ", " abc");
  private static final String CHARS = "aZ09-._/:*,% \t\n+=@\u00e9\u0000";
  private static final List<Object> NUMBERS = List.of(0, 1, 2, 3, 63, 64, 65532, -1, -3, 0L, 1L << 40, Long.MAX_VALUE, -(1L << 53), 0.0, -0.0, 0.5, 1.0, 1.5,
      3.0, -1.0, 1e20, 1e300, 2.5e-3, new BigInteger("123456789012345678901234567890"));
  /** YAML's own forms, written as they are: booleans, octal and hex, underscores, tags, binary. */
  private static final List<String> RAW = List.of("yes", "no", "on", "off", "~", "0x1F", "017", "0o17", "1_000", ".5", "1e3", "1.0", "-1", "+1",
      "2001-12-14", "12:30:45", "!!binary aGVsbG8=", "!!str 5", "!!float 1", "!!int \"3\"", "'single'", "1.", "-0");
  private static final List<String> KEYS = List.of("name", "mountPath", "type", "enabled", "x", "secretRef", "1BAD", "HTTPS_PROXY", "team",
      "example.com/team", "a.b/c", "bad key!", "kubernetes.io/os", "-a", "\u00e9", "limits", "cpu", "memory", "rollingUpdate", "maxUnavailable");

  @Test
  void neverVouchesWhereTheValidatorRefuses() {
    long seed = Long.getLong("precheck.seed", new Random().nextLong());
    Random random = new Random(seed);
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    for (int i = 0; i < DOCUMENTS; i++) {
      String yaml = DOCS.document(edits(random));
      YamlTree tree;
      try {
        tree = YamlEditor.parse(yaml, "values.yaml");
      } catch (ChartException e) {
        continue;
      }
      boolean vouched = ValuesPrecheck.certainlyValid(DOCS.schema, tree);
      String refusal = null;
      try {
        ValuesSchema.validate(DOCS.schema, yaml, "bundled chart");
      } catch (ChartException e) {
        refusal = e.getMessage();
      }
      outcomes.merge((vouched ? "vouched" : "not vouched") + ", " + (refusal == null ? "valid" : "invalid"), 1, Integer::sum);
      assertThat(vouched && refusal != null).as("seed %d, document %d:%n%s%nvouched for, but the validator says: %s", seed, i, yaml, refusal).isFalse();
    }
    assertThat(outcomes.getOrDefault("vouched, valid", 0)).as("seed %d: %s", seed, outcomes).isGreaterThan(DOCUMENTS * 15 / 100);
    assertThat(outcomes.getOrDefault("not vouched, invalid", 0)).as("seed %d: %s", seed, outcomes).isGreaterThan(DOCUMENTS * 15 / 100);
  }

  private static List<ValuesDocuments.Edit> edits(Random random) {
    List<ValuesDocuments.Edit> edits = new ArrayList<>();
    for (int n = random.nextInt(4); n > 0; n--) {
      String path = pick(random, DOCS.schemaPaths);
      int kind = random.nextInt(13);
      if (kind < 4) {
        edits.add(pick(random, DOCS.settingEdits));
      } else if (kind < 9) {
        edits.add(new ValuesDocuments.Edit(List.of(path.split("\\.")), value(random, 2)));
      } else if (kind < 11) {
        edits.add(new ValuesDocuments.Edit(List.of((path + "." + pick(random, KEYS)).split("\\.")), "x"));
      } else if (kind < 12) {
        edits.add(new ValuesDocuments.Edit(List.of(path.split("\\.")), ValuesDocuments.REMOVE));
      } else {
        edits.add(new ValuesDocuments.Edit(List.of(pick(random, KEYS)), "x"));
      }
    }
    return edits;
  }

  /** A scalar, a YAML scalar form, or a list or mapping of values nested up to {@code depth}. */
  private static Object value(Random random, int depth) {
    int kind = random.nextInt(depth == 0 ? 6 : 10);
    switch (kind) {
      case 0:
        return pick(random, STRINGS);
      case 1: {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(13); i > 0; i--) {
          s.append(CHARS.charAt(random.nextInt(CHARS.length())));
        }
        return s.toString();
      }
      case 2:
        return pick(random, NUMBERS);
      case 3:
        return random.nextBoolean();
      case 4:
        return random.nextInt(4) == 0 ? null : new ValuesDocuments.Raw(pick(random, RAW));
      case 5:
        return random.nextInt(70) - 3;
      case 6:
      case 7: {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(value(random, depth - 1));
        }
        return list;
      }
      default: {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          map.put(pick(random, KEYS), value(random, depth - 1));
        }
        return map;
      }
    }
  }

  private static <T> T pick(Random random, List<T> from) {
    return from.get(random.nextInt(from.size()));
  }
}
