package io.agentkit.core.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.core.yaml.YamlTree;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast values check covers the bundled chart's whole schema, so package-chart's common path never
 * loads the schema validator, and steps aside wherever it cannot be certain.
 */
class ValuesPrecheckTest {

  private static final ValuesDocuments DOCS = ValuesDocuments.bundled();

  /**
   * Fails loudly when values.schema.json gains a keyword the check does not implement: the check would
   * otherwise step aside on every build, and package-chart would silently load the validator again.
   */
  @Test
  void everyKeywordOfTheBundledSchemaIsImplemented() {
    YamlTree schema = json(DOCS.schema);
    TreeSet<String> keywords = new TreeSet<>();
    collectKeywords(schema, keywords);
    keywords.removeAll(Draft07Keywords.IMPLEMENTED);
    keywords.removeAll(Draft07Keywords.ANNOTATIONS);
    keywords.remove("$schema");
    assertThat(keywords).as("keywords of values.schema.json that ValuesPrecheck does not implement").isEmpty();
    assertThat(ValuesPrecheck.admitted(schema)).isTrue();
  }

  @Test
  void vouchesForTheBundledDefaultsAndEverySettingsExample() throws Exception {
    assertThat(ValuesPrecheck.certainlyValid(DOCS.schema, YamlEditor.parse(DOCS.chart.text(ChartFiles.VALUES_YAML), "values.yaml"))).isTrue();
    for (ValuesDocuments.Edit example : DOCS.exampleEdits) {
      String yaml = DOCS.document(List.of(example));
      assertThat(ValuesPrecheck.certainlyValid(DOCS.schema, YamlEditor.parse(yaml, "values.yaml"))).as(example.toString()).isTrue();
    }
  }

  /** Where validators may differ or this check does not go, it does not vouch: the schema validator decides. */
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\": \"object\", \"format\": \"email\"}",
      "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"}",
      "{\"$id\": \"http://example.com/s\"}",
      "{\"properties\": {\"a\": {\"$ref\": \"#/definitions/x\", \"type\": \"string\"}}, \"definitions\": {\"x\": true}}",
      "{\"properties\": {\"a\": {\"$ref\": \"other.json#/x\"}}}",
      "{\"properties\": {\"a\": {\"pattern\": \"^\\\\p{L}+$\"}}}",
      "{\"properties\": {\"a\": {\"pattern\": \"^a++$\"}}}",
      "{\"properties\": {\"a\": {\"items\": [{\"type\": \"string\"}]}}}",
      "{\"properties\": {\"a\": {\"minimum\": 0.5}}}",
      "{\"properties\": {\"a\": {\"enum\": [1, \"1\"]}}}",
      "{\"properties\": {\"b\": {\"type\": \"integer\"}}}",
      "{\"properties\": {\"c\": {\"pattern\": \"^.*$\"}}}",
      "{\"properties\": {\"d\": {\"maxLength\": 2}}}",
      "{\"properties\": {\"e\": {\"uniqueItems\": true}}}",
      "not json"})
  void stepsAsideWhereItCannotBeCertain(String schema) throws Exception {
    YamlTree values = YamlEditor.parse("a: x\nb: 1.0\nc: \"caf\u00e9\"\nd: \"\ud83d\ude00\ud83d\ude00\"\ne: [1, 1.0]\n", "values.yaml");
    assertThat(ValuesPrecheck.certainlyValid(schema.getBytes(StandardCharsets.UTF_8), values)).isFalse();
  }

  @Test
  void decidesTheCombinators() throws Exception {
    String schema = "{\"properties\": {\"a\": {\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"array\"}]},"
        + " \"b\": {\"not\": {\"pattern\": \"^x\"}}, \"c\": {\"anyOf\": [{\"maxLength\": 0}, {\"pattern\": \"^[a-z]+$\"}]}}}";
    byte[] bytes = schema.getBytes(StandardCharsets.UTF_8);
    assertThat(ValuesPrecheck.certainlyValid(bytes, YamlEditor.parse("a: s\nb: y\nc: abc\n", "v"))).isTrue();
    assertThat(ValuesPrecheck.certainlyValid(bytes, YamlEditor.parse("a: 1\n", "v"))).isFalse();
    assertThat(ValuesPrecheck.certainlyValid(bytes, YamlEditor.parse("b: xy\n", "v"))).isFalse();
    assertThat(ValuesPrecheck.certainlyValid(bytes, YamlEditor.parse("c: ABC\n", "v"))).isFalse();
    byte[] overlapping = "{\"oneOf\": [{\"type\": \"object\"}, {\"required\": [\"a\"]}]}".getBytes(StandardCharsets.UTF_8);
    assertThat(ValuesPrecheck.certainlyValid(overlapping, YamlEditor.parse("b: 1\n", "v"))).isTrue();
    assertThat(ValuesPrecheck.certainlyValid(overlapping, YamlEditor.parse("a: 1\n", "v"))).as("valid against both").isFalse();
  }

  @Test
  void portablePatterns() {
    for (String p : List.of("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "^[^\\x00-\\x1f\\x7f]*$", "^\\*$|^(\\*|(\\*\\.)?[a-z])$", "^(?:a|b){1,3}?$", "^\\s*[^,\\s]+$")) {
      assertThat(PortableRegex.portablePattern(p)).as(p).isTrue();
    }
    for (String p : List.of("a++", "a*+", "[a&&b]", "[a[b]]", "[]a]", "[^]", "(?<=a)b", "(?i)a", "\\p{L}", "\\bword", "a{,3}", "\\1", "\\v", "\u00e9", "[a")) {
      assertThat(PortableRegex.portablePattern(p)).as(p).isFalse();
    }
    assertThat(PortableRegex.portableInput("plain ascii\t!")).isTrue();
    assertThat(PortableRegex.portableInput("line\n")).isFalse();
    assertThat(PortableRegex.portableInput("caf\u00e9")).isFalse();
  }

  private static YamlTree json(byte[] json) {
    try {
      return YamlEditor.parse(new String(json, StandardCharsets.UTF_8), "values.schema.json");
    } catch (ChartException e) {
      throw new AssertionError(e);
    }
  }

  /** Keyword names: the keys of every schema object, not the names under properties or definitions. */
  private static void collectKeywords(YamlTree schema, TreeSet<String> out) {
    if (schema.isArray()) {
      schema.items().forEach(s -> collectKeywords(s, out));
      return;
    }
    for (Iterator<Map.Entry<String, YamlTree>> it = schema.fields(); it.hasNext(); ) {
      Map.Entry<String, YamlTree> e = it.next();
      out.add(e.getKey());
      if (e.getKey().equals("properties") || e.getKey().equals("definitions")) {
        e.getValue().fields().forEachRemaining(p -> collectKeywords(p.getValue(), out));
      } else if (e.getValue().isObject() || e.getValue().isArray()) {
        collectKeywords(e.getValue(), out);
      }
    }
  }
}
