package io.agentkit.core.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One YAML (or JSON) value as a small immutable tree, read with Jackson's streaming parser only. The
 * goals of every build (rendering, package-chart) read and check YAML with it instead of Jackson's
 * data binding, which costs about 340 classes to load; scalars get the types the data-binding tree
 * would give them, and the accessors follow {@code JsonNode}'s for the few the checks use.
 */
public final class YamlTree {

  /** Node types, named as {@code JsonNodeType} names them in messages. */
  public enum Type { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL, BINARY, POJO, MISSING }

  private static final YamlTree MISSING = new YamlTree(Type.MISSING, null, false);
  private static final YamlTree EMPTY_OBJECT = new YamlTree(Type.OBJECT, Map.of(), false);

  private final Type type;
  private final Object value;
  /** For numbers: whether the data-binding tree would hold an integral node (the parser read an integer token). */
  private final boolean integral;

  private YamlTree(Type type, Object value, boolean integral) {
    this.type = type;
    this.value = value;
    this.integral = integral;
  }

  /** The value at the parser's current token: the whole mapping or list for a start token. */
  public static YamlTree read(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT: {
        Map<String, YamlTree> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          // A repeated key replaces the earlier value in place, as the data-binding tree does when duplicates are allowed.
          fields.put(name, read(p));
        }
        return new YamlTree(Type.OBJECT, fields, false);
      }
      case START_ARRAY: {
        List<YamlTree> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(p));
        }
        return new YamlTree(Type.ARRAY, items, false);
      }
      case VALUE_STRING:
        return new YamlTree(Type.STRING, p.getText(), false);
      case VALUE_NUMBER_INT:
        return new YamlTree(Type.NUMBER, p.getNumberValue(), true);
      case VALUE_NUMBER_FLOAT:
        return new YamlTree(Type.NUMBER, p.getNumberValue(), false);
      case VALUE_TRUE:
        return new YamlTree(Type.BOOLEAN, Boolean.TRUE, false);
      case VALUE_FALSE:
        return new YamlTree(Type.BOOLEAN, Boolean.FALSE, false);
      case VALUE_NULL:
        return new YamlTree(Type.NULL, null, false);
      case VALUE_EMBEDDED_OBJECT: {
        Object embedded = p.getEmbeddedObject();
        return new YamlTree(embedded instanceof byte[] ? Type.BINARY : Type.POJO, embedded, false);
      }
      default:
        throw new IllegalStateException("unexpected token " + p.currentToken());
    }
  }

  public static YamlTree emptyObject() {
    return EMPTY_OBJECT;
  }

  /**
   * The tree of a plain value (String, Number, Boolean, List, Map or null, as from a YAML parser), as
   * Jackson's mapper would build it.
   *
   * @throws IllegalArgumentException for any other type
   */
  public static YamlTree of(Object value) {
    if (value == null) {
      return new YamlTree(Type.NULL, null, false);
    } else if (value instanceof String s) {
      return new YamlTree(Type.STRING, s, false);
    } else if (value instanceof Boolean b) {
      return new YamlTree(Type.BOOLEAN, b, false);
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return new YamlTree(Type.NUMBER, ((Number) value).intValue(), true);
    } else if (value instanceof Long || value instanceof BigInteger) {
      return new YamlTree(Type.NUMBER, value, true);
    } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      return new YamlTree(Type.NUMBER, value, false);
    } else if (value instanceof Map<?, ?> map) {
      Map<String, YamlTree> fields = new LinkedHashMap<>();
      map.forEach((k, v) -> fields.put(String.valueOf(k), of(v)));
      return new YamlTree(Type.OBJECT, fields, false);
    } else if (value instanceof Collection<?> list) {
      List<YamlTree> items = new ArrayList<>();
      list.forEach(v -> items.add(of(v)));
      return new YamlTree(Type.ARRAY, items, false);
    }
    throw new IllegalArgumentException("not a plain YAML value: " + value.getClass().getName());
  }

  /** A copy with {@code leaf} at {@code path} (mapping keys from here), replacing whatever is not a mapping on the way. */
  public YamlTree with(List<String> path, YamlTree leaf) {
    if (path.isEmpty()) {
      return leaf;
    }
    Map<String, YamlTree> copy = new LinkedHashMap<>(mapping());
    YamlTree child = copy.get(path.get(0));
    YamlTree replacement = path.size() == 1 ? leaf : (child != null && child.isObject() ? child : EMPTY_OBJECT).with(path.subList(1, path.size()), leaf);
    copy.put(path.get(0), replacement);
    return new YamlTree(Type.OBJECT, copy, false);
  }

  /** Equal as YAML values: the same structure, and numbers equal by value whatever their Java type (1 equals 1.0). */
  public boolean sameAs(YamlTree other) {
    if (type != other.type) {
      return false;
    }
    switch (type) {
      case NUMBER:
        return sameNumber((Number) value, (Number) other.value);
      case OBJECT: {
        Map<String, YamlTree> mine = mapping();
        Map<String, YamlTree> theirs = other.mapping();
        return mine.size() == theirs.size() && mine.entrySet().stream().allMatch(e -> theirs.containsKey(e.getKey()) && e.getValue().sameAs(theirs.get(e.getKey())));
      }
      case ARRAY: {
        List<YamlTree> mine = items();
        List<YamlTree> theirs = other.items();
        if (mine.size() != theirs.size()) {
          return false;
        }
        for (int i = 0; i < mine.size(); i++) {
          if (!mine.get(i).sameAs(theirs.get(i))) {
            return false;
          }
        }
        return true;
      }
      case BINARY:
        return Arrays.equals((byte[]) value, (byte[]) other.value);
      default:
        return Objects.equals(value, other.value);
    }
  }

  private static boolean sameNumber(Number a, Number b) {
    if (!finite(a) || !finite(b)) {
      return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
    }
    return decimal(a).compareTo(decimal(b)) == 0;
  }

  private static boolean finite(Number n) {
    return !(n instanceof Double || n instanceof Float) || Double.isFinite(n.doubleValue());
  }

  /** A finite number's exact value; a double or float counts as the decimal Java prints for it, as Jackson's nodes do. */
  private static BigDecimal decimal(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    } else if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    } else if (n instanceof Double || n instanceof Float) {
      return BigDecimal.valueOf(n.doubleValue());
    }
    return BigDecimal.valueOf(n.longValue());
  }

  public Type type() {
    return type;
  }

  /** The node type's name as {@code JsonNodeType} spells it, for messages. */
  public String typeName() {
    return type.name();
  }

  public boolean isObject() {
    return type == Type.OBJECT;
  }

  public boolean isArray() {
    return type == Type.ARRAY;
  }

  public boolean isTextual() {
    return type == Type.STRING;
  }

  public boolean isNumber() {
    return type == Type.NUMBER;
  }

  /** A number the parser read as an integer (the data-binding tree's int, long or big-integer node). */
  public boolean isIntegral() {
    return type == Type.NUMBER && integral;
  }

  public boolean isBoolean() {
    return type == Type.BOOLEAN;
  }

  public boolean isNull() {
    return type == Type.NULL;
  }

  /** A number's value as the parser gave it (Integer, Long, BigInteger, Double, Float or BigDecimal); null otherwise. */
  public Number numberValue() {
    return type == Type.NUMBER ? (Number) value : null;
  }

  public boolean booleanValue() {
    return type == Type.BOOLEAN && (Boolean) value;
  }

  /** A binary scalar's bytes, or null. */
  public byte[] binaryValue() {
    return type == Type.BINARY ? ((byte[]) value).clone() : null;
  }

  @SuppressWarnings("unchecked")
  private Map<String, YamlTree> mapping() {
    return type == Type.OBJECT ? (Map<String, YamlTree>) value : Map.of();
  }

  /** A list's items; empty for anything else. */
  @SuppressWarnings("unchecked")
  public List<YamlTree> items() {
    return type == Type.ARRAY ? Collections.unmodifiableList((List<YamlTree>) value) : List.of();
  }

  /** The field's node, or null when absent or this is not a mapping. */
  public YamlTree get(String field) {
    return mapping().get(field);
  }

  /** The item at {@code index}, or null. */
  public YamlTree get(int index) {
    List<YamlTree> items = items();
    return index >= 0 && index < items.size() ? items.get(index) : null;
  }

  /** The field's node, or a missing node that answers every question with "absent". */
  public YamlTree path(String field) {
    YamlTree n = get(field);
    return n == null ? MISSING : n;
  }

  public boolean has(String field) {
    return mapping().containsKey(field);
  }

  public int size() {
    return type == Type.OBJECT ? mapping().size() : items().size();
  }

  public boolean isEmpty() {
    return size() == 0;
  }

  public Iterator<String> fieldNames() {
    return Collections.unmodifiableSet(mapping().keySet()).iterator();
  }

  public Iterator<Map.Entry<String, YamlTree>> fields() {
    return Collections.unmodifiableMap(mapping()).entrySet().iterator();
  }

  /** A scalar's text (numbers as Java prints them), "" for a mapping or list, "null" for null. */
  public String asText() {
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
  public String asText(String defaultValue) {
    return type == Type.MISSING || type == Type.NULL ? defaultValue : asText();
  }

  public double asDouble() {
    return type == Type.NUMBER ? ((Number) value).doubleValue() : 0.0;
  }
}
