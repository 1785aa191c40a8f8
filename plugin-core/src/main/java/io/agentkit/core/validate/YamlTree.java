package io.agentkit.core.validate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One YAML document as a small tree for the shape checks every render goal runs (manifests,
 * ACI, resource definition). It reads with the same streaming parser and features as
 * {@link StrictModel}'s mapper, so scalars get the same types, duplicate keys and syntax errors the
 * same messages, but without Jackson's data-binding layer: a build that only renders never loads
 * it (about 340 classes); strict binding to the Kubernetes model still uses {@link StrictModel}.
 * The accessors follow {@code JsonNode}'s for the few the checks use.
 */
final class YamlTree {

  private static final YAMLFactory FACTORY = newFactory();

  /** The YAML reading features, shared with {@link StrictModel}'s mapper: duplicate keys are errors. */
  static YAMLFactory newFactory() {
    return YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  }

  /** Node types, named as {@code JsonNodeType} names them in messages. */
  enum Type { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL, BINARY, POJO, MISSING }

  private static final YamlTree MISSING = new YamlTree(Type.MISSING, null);

  private final Type type;
  private final Object value;

  private YamlTree(Type type, Object value) {
    this.type = type;
    this.value = value;
  }

  /** Parses the first document, as {@code ObjectMapper.readTree} does; an empty or null document is an error. */
  static YamlTree read(String yaml) throws StrictModel.StrictModelException {
    try (JsonParser p = FACTORY.createParser(yaml)) {
      JsonToken first = p.nextToken();
      if (first == null || first == JsonToken.VALUE_NULL) {
        throw new StrictModel.StrictModelException("", "the document is empty");
      }
      return node(p);
    } catch (JsonProcessingException e) {
      throw StrictModel.notYaml(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static YamlTree node(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT: {
        Map<String, YamlTree> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          fields.put(name, node(p));
        }
        return new YamlTree(Type.OBJECT, fields);
      }
      case START_ARRAY: {
        List<YamlTree> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(node(p));
        }
        return new YamlTree(Type.ARRAY, items);
      }
      case VALUE_STRING:
        return new YamlTree(Type.STRING, p.getText());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new YamlTree(Type.NUMBER, p.getNumberValue());
      case VALUE_TRUE:
        return new YamlTree(Type.BOOLEAN, Boolean.TRUE);
      case VALUE_FALSE:
        return new YamlTree(Type.BOOLEAN, Boolean.FALSE);
      case VALUE_NULL:
        return new YamlTree(Type.NULL, null);
      case VALUE_EMBEDDED_OBJECT: {
        Object embedded = p.getEmbeddedObject();
        return new YamlTree(embedded instanceof byte[] ? Type.BINARY : Type.POJO, embedded);
      }
      default:
        throw new IllegalStateException("unexpected token " + p.currentToken());
    }
  }

  /** The node type's name as {@code JsonNodeType} spells it, for messages. */
  String typeName() {
    return type.name();
  }

  boolean isObject() {
    return type == Type.OBJECT;
  }

  boolean isArray() {
    return type == Type.ARRAY;
  }

  boolean isTextual() {
    return type == Type.STRING;
  }

  boolean isNumber() {
    return type == Type.NUMBER;
  }

  @SuppressWarnings("unchecked")
  private Map<String, YamlTree> mapping() {
    return type == Type.OBJECT ? (Map<String, YamlTree>) value : Map.of();
  }

  @SuppressWarnings("unchecked")
  private List<YamlTree> items() {
    return type == Type.ARRAY ? (List<YamlTree>) value : List.of();
  }

  /** The field's node, or null when absent or this is not a mapping. */
  YamlTree get(String field) {
    return mapping().get(field);
  }

  /** The item at {@code index}, or null. */
  YamlTree get(int index) {
    List<YamlTree> items = items();
    return index >= 0 && index < items.size() ? items.get(index) : null;
  }

  /** The field's node, or a missing node that answers every question with "absent". */
  YamlTree path(String field) {
    YamlTree n = get(field);
    return n == null ? MISSING : n;
  }

  boolean has(String field) {
    return mapping().containsKey(field);
  }

  int size() {
    return type == Type.OBJECT ? mapping().size() : items().size();
  }

  boolean isEmpty() {
    return size() == 0;
  }

  Iterator<String> fieldNames() {
    return Collections.unmodifiableSet(mapping().keySet()).iterator();
  }

  Iterator<Map.Entry<String, YamlTree>> fields() {
    return Collections.unmodifiableMap(mapping()).entrySet().iterator();
  }

  /** A scalar's text (numbers as Java prints them), "" for a mapping or list, "null" for null. */
  String asText() {
    return switch (type) {
      case STRING -> (String) value;
      case NUMBER, BOOLEAN -> String.valueOf(value);
      case NULL -> "null";
      case BINARY -> java.util.Base64.getEncoder().encodeToString((byte[]) value);
      case POJO -> String.valueOf(value);
      default -> "";
    };
  }

  /** Like {@link #asText()}, with {@code defaultValue} for a missing or null node. */
  String asText(String defaultValue) {
    return type == Type.MISSING || type == Type.NULL ? defaultValue : asText();
  }

  double asDouble() {
    return type == Type.NUMBER ? ((Number) value).doubleValue() : 0.0;
  }
}
