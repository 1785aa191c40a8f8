package io.agentkit.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentkit.core.yaml.YamlTree;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** StrictYamlReader reads documents into a YamlTree as StrictModel's mapper does: the same types, texts and errors, node by node. */
class StrictYamlReaderTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "a: yes\nb: no\nc: on\nd: off\ne: y\nf: True\ng: FALSE\n",
      "a: 0x1F\nb: 0o17\nc: 017\nd: 1_000\ne: 1.5\ng: -.5e3\nh: 123456789012345678901234567890\n",
      "a: 2001-12-14\nb: 12:30:45\nc: ~\nd: null\ne: ''\nf: \"1\"\ng: !!str 5\nh: !!binary aGVsbG8=\n",
      "name: 12\nlist: [1, a, {x: y}, [], {}]\nnested: {m: {n: [true, null]}}\n",
      "- a\n- 1\n",
      "plain\n",
      "a: 1\n---\nb: 2\n"})
  void sameTreeAsTheMapper(String yaml) throws Exception {
    assertSame(StrictModel.readYaml(yaml), StrictYamlReader.read(yaml), "");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "~\n", "null\n", "a: 1\na: 2\n", "a: [1, 2\n", "a: b: c\n", "a:\n  - x\n  y: z\n", "\"unterminated\n", "a: .inf\n"})
  void sameErrorsAsTheMapper(String yaml) {
    String expected = message(() -> StrictModel.readYaml(yaml));
    assertThat(expected).isNotNull();
    assertThat(message(() -> StrictYamlReader.read(yaml))).isEqualTo(expected);
  }

  private interface Read {
    Object run() throws StrictModel.StrictModelException;
  }

  private static String message(Read read) {
    try {
      read.run();
      return null;
    } catch (StrictModel.StrictModelException e) {
      return e.getMessage();
    }
  }

  private static void assertSame(JsonNode expected, YamlTree actual, String at) {
    assertThat(actual.typeName()).as(at).isEqualTo(expected.getNodeType().name());
    assertThat(actual.isTextual()).as(at).isEqualTo(expected.isTextual());
    assertThat(actual.isNumber()).as(at).isEqualTo(expected.isNumber());
    assertThat(actual.asText()).as(at).isEqualTo(expected.asText());
    assertThat(actual.asText("?")).as(at).isEqualTo(expected.asText("?"));
    assertThat(actual.size()).as(at).isEqualTo(expected.size());
    assertThat(actual.isEmpty()).as(at).isEqualTo(expected.isEmpty());
    if (expected.isNumber()) {
      assertThat(actual.asDouble()).as(at).isEqualTo(expected.asDouble());
    }
    if (expected.isObject()) {
      List<String> names = new java.util.ArrayList<>();
      expected.fieldNames().forEachRemaining(names::add);
      List<String> actualNames = new java.util.ArrayList<>();
      actual.fieldNames().forEachRemaining(actualNames::add);
      assertThat(actualNames).as(at).isEqualTo(names);
      for (String name : names) {
        assertThat(actual.has(name)).isTrue();
        assertSame(expected.get(name), actual.get(name), at + "." + name);
      }
      assertThat(actual.get("absent")).isNull();
      assertThat(actual.path("absent").asText("?")).isEqualTo(expected.path("absent").asText("?"));
    }
    if (expected.isArray()) {
      for (int i = 0; i < expected.size(); i++) {
        assertSame(expected.get(i), actual.get(i), at + "[" + i + "]");
      }
    }
  }
}
