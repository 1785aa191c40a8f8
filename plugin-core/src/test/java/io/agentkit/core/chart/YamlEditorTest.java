package io.agentkit.core.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.core.Specs;
import io.agentkit.core.yaml.YamlTree;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlEditorTest {

  static final String VALUES = """
      # Top comment stays.
      humanitec:
        # -- Organization.
        org: ""   # inline comment stays
        # -- Key.
        privateKey: ""

      # -- Extra env.
      extraEnv: {}

      resources:
        limits:
          cpu: "0.250"
          memory: 256Mi
        requests:
          cpu: "0.025"

      tolerations:
      - key: a
        operator: Exists
      # -- Trailing comment of the next key.
      affinity: {}
      """;

  @Test
  void setsScalarsKeepingEveryComment() throws Exception {
    String out = new YamlEditor(VALUES, "values.yaml").set(List.of("humanitec", "org"), "my-org").set(List.of("resources", "limits", "memory"), "512Mi").text();
    assertThat(out).contains("# Top comment stays.").contains("  # -- Organization.\n  org: my-org # inline comment stays\n")
        .contains("    memory: \"512Mi\"\n").contains("# -- Trailing comment of the next key.");
    assertThat(out.lines().count()).isEqualTo(VALUES.lines().count());
  }

  @Test
  void replacesBlocksWithInlineValuesAndBack() throws Exception {
    String out = new YamlEditor(VALUES, "values.yaml")
        .set(List.of("tolerations"), List.of())
        .set(List.of("extraEnv"), Map.of("HTTPS_PROXY", "http://proxy:3128"))
        .set(List.of("affinity"), Map.of("nodeAffinity", Map.of("x", List.of(Specs.map("key", "k", "values", List.of("a", "b"))))))
        .text();
    assertThat(out).contains("tolerations: []\n# -- Trailing comment of the next key.\naffinity:\n  nodeAffinity:\n    x:\n      - key: k\n        values:\n          - a\n          - b\n")
        .contains("extraEnv:\n  HTTPS_PROXY: \"http://proxy:3128\"\n");
  }

  @Test
  void createsMissingKeysInsideTheRightParent() throws Exception {
    String out = new YamlEditor(VALUES, "values.yaml")
        .set(List.of("resources", "requests", "memory"), "64Mi")
        .set(List.of("humanitec", "existingSecret"), "vault-key")
        .set(List.of("brandNew", "nested"), 3)
        .text();
    assertThat(out).contains("  requests:\n    cpu: \"0.025\"\n    memory: \"64Mi\"\n")
        .contains("  privateKey: \"\"\n  existingSecret: vault-key\n")
        .endsWith("brandNew:\n  nested: 3\n");
  }

  @Test
  void quotesStringsThatYamlWouldReadAsSomethingElse() throws Exception {
    String out = new YamlEditor("a: x\nb: x\nc: x\nd: x\n", "f")
        .set(List.of("a"), "true").set(List.of("b"), "1.0").set(List.of("c"), "has: colon").set(List.of("d"), "null").text();
    assertThat(out).isEqualTo("a: \"true\"\nb: \"1.0\"\nc: \"has: colon\"\nd: \"null\"\n");
  }

  @Test
  void aLayoutItCannotEditFailsInsteadOfWritingAWrongFile() throws Exception {
    assertThatThrownBy(() -> new YamlEditor("image: {repository: x}\n", "values.yaml").set(List.of("image", "tag"), "1").text())
        .isInstanceOf(ChartException.class).hasMessageContaining("'image' is not a mapping");
    assertThat(new YamlEditor("a: [1,\n  2]\nb: 1\n", "values.yaml").set(List.of("b"), 2).set(List.of("a"), List.of()).text()).isEqualTo("a: []\nb: 2\n");
  }

  @Test
  void invalidYamlIsReportedWithTheFile() {
    assertThatThrownBy(() -> new YamlEditor("a: [\n", "my/values.yaml")).isInstanceOf(ChartException.class).hasMessageContaining("my/values.yaml is not valid YAML");
  }

  @Test
  void quotingMatchesTheMappersJsonStrings() throws Exception {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.Random random = new java.util.Random(7);
    String alphabet = "aZ09 -_/\\\"'#:\n\r\t\b\f\u0000\u001f\u007f\u00e9\u2028\ud83d\ude00";
    for (int round = 0; round < 500; round++) {
      StringBuilder s = new StringBuilder();
      for (int i = random.nextInt(30); i > 0; i--) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThat(YamlEditor.quote(s.toString())).isEqualTo(mapper.writeValueAsString(s.toString()));
    }
  }

  /** Read as Jackson's YAML mapper reads a tree: the same values, and a repeated key replaces the earlier one in place. */
  @Test
  void readsDocumentsAsTheMapperDoes() throws Exception {
    var mapper = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (String yaml : List.of("a: 1\nb: x\na: 3\n", "a: yes\nb: 0x1F\nc: 1.5\nd: ~\ne: [1, {f: g}]\nh: 123456789012345678901\n", "", "~\n", "a: 1\n---\nb: 2\n")) {
      var expected = mapper.readTree(yaml);
      String expectedJson = expected == null || expected.isMissingNode() || expected.isNull() ? "{}" : json.writeValueAsString(expected);
      var tree = YamlEditor.parse(yaml, "values.yaml");
      assertThat(tree.sameAs(YamlEditor.parse(expectedJson, "json"))).as(yaml).isTrue();
      java.util.List<String> names = new java.util.ArrayList<>();
      tree.fieldNames().forEachRemaining(names::add);
      assertThat(String.join(",", names)).as(yaml).isEqualTo(String.join(",", (Iterable<String>) () -> expected == null ? java.util.Collections.emptyIterator() : expected.fieldNames()));
    }
  }

  @Test
  void plainValuesBecomeTheTreesTheMapperWouldBuild() throws Exception {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    Map<String, Object> nested = new java.util.LinkedHashMap<>();
    nested.put("s", "text");
    nested.put("n", null);
    nested.put("list", List.of(1, 2L, true, "x", Map.of("k", 1.5)));
    nested.put("big", new java.math.BigInteger("123456789012345678901234567890"));
    nested.put("dec", new java.math.BigDecimal("0.250"));
    nested.put("f", 2.5f);
    nested.put("empty", Map.of());
    for (Object value : new Object[] {null, "a", true, false, 3, 4L, (short) 5, 6.25, nested, List.of(), List.of(List.of("a"))}) {
      // The mapper's JSON for the value, read back as YAML, is the tree the editor expects after setting it.
      String json = mapper.writeValueAsString(java.util.Collections.singletonMap("v", value));
      assertThat(YamlTree.of(value).sameAs(YamlEditor.parse(json, "json").get("v"))).as("%s", value).isTrue();
    }
    assertThat(YamlTree.of(1).sameAs(YamlTree.of(1.0))).isTrue();
    assertThat(YamlTree.of("1").sameAs(YamlTree.of(1))).isFalse();
    assertThat(YamlTree.of(Map.of("a", List.of(1))).sameAs(YamlTree.of(Map.of("a", List.of(1, 2))))).isFalse();
  }
}
