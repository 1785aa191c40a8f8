package io.agentkit.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** BlockYaml against SnakeYAML with the options helm-values.yaml is dumped with: the same bytes, or no answer at all. */
class BlockYamlTest {

  /** Words the resolver reads as something else (quoted), words it reads as text (plain), and texts BlockYaml leaves to SnakeYAML. */
  private static final List<String> WORDS = List.of(
      "org", "example-org", "ghcr.io/humanitec/agent", "1.2.0", "500m", "512Mi", "0.250", "wss://tunnel.example.com/tunnel",
      "kubernetes.io/os", "a@b", "IfNotPresent", "DEBUG", "sha256:abc123", "a::b", "x_y", "Yes-but", "truex", "nullable",
      "true", "True", "TRUE", "false", "yes", "Yes", "no", "NO", "on", "On", "off", "y", "n", "Y", "null", "Null", "NULL",
      "1", "42", "0", "007", "0x1F", "0o17", "0b101", "1_000", "1.5", "1.", "1e3", "1E3", "1.0e10", "1:20", "190:20:30",
      "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10", "NaN", "nan", "Inf",
      "", "a b", "a: b", "#x", " x", "x ", "x:", "-x", "-1", "+1", ".5", ".inf", ".NaN", "~", "=", "<<", "@x", "'q'", "\"q\"",
      "a\nb", "é", "a#b", "a #b", "[x]", "{x}", "x,y", "*a", "&a", "!t", "%x", "|", ">", "?x", "---", "...");

  private static String snake(Map<String, Object> tree) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(Integer.MAX_VALUE);
    return new Yaml(options).dump(tree);
  }

  @Test
  void everyWordAsKeyAndAsValueIsSnakeYamlsOrLeftToIt() {
    for (String w : WORDS) {
      Map<String, Object> asValue = new LinkedHashMap<>();
      asValue.put("key", w);
      Map<String, Object> asKey = new LinkedHashMap<>();
      asKey.put(w, "value");
      for (Map<String, Object> tree : List.of(asValue, asKey)) {
        String fast = BlockYaml.dump(tree);
        if (fast != null) {
          assertThat(fast).as("%s", tree).isEqualTo(snake(tree));
        }
      }
    }
  }

  @Test
  void theValuesOfATypicalAgentAreWrittenWithoutSnakeYaml() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("humanitec", new LinkedHashMap<>(Map.of("org", "example-org")));
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("repository", "ghcr.io/humanitec/agent");
    image.put("tag", "1.2.0");
    image.put("digest", "");
    tree.put("image", image);
    tree.put("replicaCount", 3);
    tree.put("imagePullSecrets", List.of(new LinkedHashMap<>(Map.of("name", "regcred"))));
    tree.put("networkPolicy", new LinkedHashMap<>(Map.of("enabled", true)));
    tree.put("allowedTargets", List.of("db.internal:5432", "10.0.0.0/8:443"));
    String fast = BlockYaml.dump(tree);
    assertThat(fast).isNotNull().isEqualTo(snake(tree));
  }

  @Test
  void randomTreesAreSnakeYamlsBytesOrLeftToIt() {
    Random random = new Random(7);
    int answered = 0;
    int rounds = 20_000;
    for (int round = 0; round < rounds; round++) {
      List<Object> made = new ArrayList<>();
      Map<String, Object> tree = map(random, 0, made, true);
      String fast = BlockYaml.dump(tree);
      if (fast != null) {
        answered++;
        assertThat(fast).as("round %d: %s", round, tree).isEqualTo(snake(tree));
      }
    }
    // The fast path must carry a real share of the trees, or the comparison proves nothing.
    assertThat(answered).isGreaterThan(rounds / 4);
  }

  private static Map<String, Object> map(Random r, int depth, List<Object> made, boolean root) {
    Map<String, Object> m = new LinkedHashMap<>();
    int size = (root ? 1 : 0) + r.nextInt(root ? 4 : 3);
    for (int i = 0; i < size; i++) {
      m.put(r.nextInt(6) == 0 ? word(r) : "k" + r.nextInt(5), value(r, depth + 1, made));
    }
    made.add(m);
    return m;
  }

  private static Object value(Random r, int depth, List<Object> made) {
    int pick = r.nextInt(depth > 3 ? 5 : 9);
    switch (pick) {
      case 0, 1, 2:
        return word(r);
      case 3:
        return r.nextInt(2000) - 1000;
      case 4:
        return r.nextInt(40) == 0 ? null : r.nextBoolean();
      case 5:
        return r.nextInt(30) == 0 && !made.isEmpty() ? made.get(r.nextInt(made.size())) : map(r, depth, made, false);
      case 6:
        return r.nextInt(20) == 0 ? 5_000_000_000L : 1.5;
      default:
        List<Object> list = new ArrayList<>();
        for (int i = r.nextInt(3); i >= 0 && r.nextInt(4) != 0; i--) {
          list.add(r.nextInt(3) == 0 ? map(r, depth + 1, made, false) : r.nextInt(15) == 0 ? List.of("x") : value(r, depth + 2, made));
        }
        made.add(list);
        return list;
    }
  }

  private static String word(Random r) {
    return r.nextInt(3) == 0 ? WORDS.get(r.nextInt(WORDS.size())) : WORDS.get(r.nextInt(20));
  }
}
