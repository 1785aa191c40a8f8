package io.agentkit.core.chart;

import io.agentkit.core.yaml.YamlTree;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The draft-07 keywords {@link ValuesPrecheck} decides, each answering VALID or INVALID only where
 * the answer is certain whatever a conforming validator does at the edges (integer against number,
 * string length in code points or UTF-16 units, regular expression dialect); anything else is UNSURE.
 * An UNSURE anywhere that could change the outcome makes the whole answer UNSURE.
 */
final class Draft07Keywords {

  enum Verdict { VALID, INVALID, UNSURE }

  /** Validation keywords implemented here. */
  static final Set<String> IMPLEMENTED = Set.of("$ref", "type", "enum", "pattern", "maxLength", "minimum", "properties", "additionalProperties",
      "required", "propertyNames", "items", "uniqueItems", "anyOf", "oneOf", "not");
  /** Keywords that never change the outcome. */
  static final Set<String> ANNOTATIONS = Set.of("title", "description", "$comment", "default", "examples", "definitions");
  /** Numbers up to 2^53 compare the same as doubles and exactly. */
  private static final long EXACT_DOUBLE = 1L << 53;
  private static final int MAX_DEPTH = 64;

  private final YamlTree root;
  private final Map<String, Pattern> patterns = new HashMap<>();

  Draft07Keywords(YamlTree root) {
    this.root = root;
  }

  Verdict check(YamlTree schema, YamlTree instance) {
    return check(schema, instance, 0);
  }

  private Verdict check(YamlTree schema, YamlTree instance, int depth) {
    if (depth > MAX_DEPTH) {
      return Verdict.UNSURE;
    }
    if (schema.isBoolean()) {
      return schema.booleanValue() ? Verdict.VALID : Verdict.INVALID;
    }
    if (instance.type() == YamlTree.Type.BINARY || instance.type() == YamlTree.Type.POJO) {
      return Verdict.UNSURE;
    }
    YamlTree ref = schema.get("$ref");
    if (ref != null) {
      // ValuesPrecheck admits a $ref only alone and pointing into definitions.
      YamlTree target = root.path("definitions").get(ref.asText().substring("#/definitions/".length()));
      return target == null ? Verdict.UNSURE : check(target, instance, depth + 1);
    }
    boolean unsure = false;
    for (Iterator<Map.Entry<String, YamlTree>> it = schema.fields(); it.hasNext(); ) {
      Map.Entry<String, YamlTree> keyword = it.next();
      Verdict v = keyword(keyword.getKey(), keyword.getValue(), schema, instance, depth);
      if (v == Verdict.INVALID) {
        return Verdict.INVALID;
      }
      unsure |= v == Verdict.UNSURE;
    }
    return unsure ? Verdict.UNSURE : Verdict.VALID;
  }

  private Verdict keyword(String name, YamlTree value, YamlTree schema, YamlTree instance, int depth) {
    return switch (name) {
      case "type" -> type(value, instance);
      case "enum" -> enumeration(value, instance);
      case "pattern" -> !instance.isTextual() ? Verdict.VALID : pattern(value.asText(), instance.asText());
      case "maxLength" -> !instance.isTextual() ? Verdict.VALID : maxLength(value.numberValue().intValue(), instance.asText());
      case "minimum" -> !instance.isNumber() ? Verdict.VALID : minimum(value.numberValue().longValue(), instance);
      case "properties" -> !instance.isObject() ? Verdict.VALID : properties(value, instance, depth);
      case "additionalProperties" -> !instance.isObject() ? Verdict.VALID : additional(value, schema.path("properties"), instance, depth);
      case "required" -> !instance.isObject() ? Verdict.VALID : required(value, instance);
      case "propertyNames" -> !instance.isObject() ? Verdict.VALID : propertyNames(value, instance, depth);
      case "items" -> !instance.isArray() ? Verdict.VALID : all(value, instance.items(), depth);
      case "uniqueItems" -> !instance.isArray() || !value.booleanValue() ? Verdict.VALID : unique(instance.items());
      case "anyOf" -> anyOf(value, instance, depth);
      case "oneOf" -> oneOf(value, instance, depth);
      case "not" -> not(check(value, instance, depth + 1));
      default -> Verdict.VALID; // annotations
    };
  }

  private static Verdict type(YamlTree value, YamlTree instance) {
    List<String> names = new ArrayList<>();
    if (value.isArray()) {
      value.items().forEach(t -> names.add(t.asText()));
    } else {
      names.add(value.asText());
    }
    boolean unsure = false;
    for (String name : names) {
      Verdict v = hasType(name, instance);
      if (v == Verdict.VALID) {
        return Verdict.VALID;
      }
      unsure |= v == Verdict.UNSURE;
    }
    return unsure ? Verdict.UNSURE : Verdict.INVALID;
  }

  private static Verdict hasType(String name, YamlTree instance) {
    String actual = switch (instance.type()) {
      case OBJECT -> "object";
      case ARRAY -> "array";
      case STRING -> "string";
      case NUMBER -> instance.isIntegral() ? "integer" : "number";
      case BOOLEAN -> "boolean";
      case NULL -> "null";
      default -> null;
    };
    if (actual == null) {
      return Verdict.UNSURE;
    }
    if (name.equals(actual) || (name.equals("number") && actual.equals("integer"))) {
      return Verdict.VALID;
    }
    if (name.equals("integer") && actual.equals("number")) {
      // 1.0 is an integer to the specification and a float to a validator that follows Java's types.
      return hasFraction(instance.numberValue()) ? Verdict.INVALID : Verdict.UNSURE;
    }
    return Verdict.INVALID;
  }

  private static boolean hasFraction(Number n) {
    double d = n.doubleValue();
    return Double.isFinite(d) && d != Math.rint(d);
  }

  /** An enum of strings only (the only kind where equality is the same in every validator). */
  private static Verdict enumeration(YamlTree value, YamlTree instance) {
    boolean found = false;
    for (YamlTree option : value.items()) {
      if (!option.isTextual()) {
        return Verdict.UNSURE;
      }
      found |= instance.isTextual() && option.asText().equals(instance.asText());
    }
    return found ? Verdict.VALID : Verdict.INVALID;
  }

  private Verdict pattern(String regex, String s) {
    if (!PortableRegex.portableInput(s)) {
      return Verdict.UNSURE;
    }
    // ValuesPrecheck admits only portable patterns that compile.
    Pattern p = patterns.computeIfAbsent(regex, Pattern::compile);
    return p.matcher(s).find() ? Verdict.VALID : Verdict.INVALID;
  }

  /** A validator counts code points (or, wrongly, UTF-16 units, never fewer): certain only where both agree. */
  private static Verdict maxLength(int max, String s) {
    if (s.length() <= max) {
      return Verdict.VALID;
    }
    return s.codePointCount(0, s.length()) > max ? Verdict.INVALID : Verdict.UNSURE;
  }

  /** An integral minimum (ValuesPrecheck admits no other) against numbers a double holds exactly. */
  private static Verdict minimum(long min, YamlTree instance) {
    Number n = instance.numberValue();
    boolean exact = n instanceof Integer || n instanceof Long || n instanceof Double;
    if (!exact || !Double.isFinite(n.doubleValue()) || Math.abs(n.doubleValue()) >= EXACT_DOUBLE || Math.abs(min) >= EXACT_DOUBLE) {
      return Verdict.UNSURE;
    }
    BigDecimal value = n instanceof Double d ? BigDecimal.valueOf(d) : BigDecimal.valueOf(n.longValue());
    return value.compareTo(BigDecimal.valueOf(min)) >= 0 ? Verdict.VALID : Verdict.INVALID;
  }

  private Verdict properties(YamlTree properties, YamlTree instance, int depth) {
    boolean unsure = false;
    for (Iterator<Map.Entry<String, YamlTree>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, YamlTree> p = it.next();
      YamlTree child = instance.get(p.getKey());
      if (child != null) {
        Verdict v = check(p.getValue(), child, depth + 1);
        if (v == Verdict.INVALID) {
          return v;
        }
        unsure |= v == Verdict.UNSURE;
      }
    }
    return unsure ? Verdict.UNSURE : Verdict.VALID;
  }

  private Verdict additional(YamlTree schema, YamlTree properties, YamlTree instance, int depth) {
    List<YamlTree> others = new ArrayList<>();
    for (Iterator<Map.Entry<String, YamlTree>> it = instance.fields(); it.hasNext(); ) {
      Map.Entry<String, YamlTree> field = it.next();
      if (!properties.has(field.getKey())) {
        others.add(field.getValue());
      }
    }
    return all(schema, others, depth);
  }

  private static Verdict required(YamlTree names, YamlTree instance) {
    for (YamlTree name : names.items()) {
      if (!instance.has(name.asText())) {
        return Verdict.INVALID;
      }
    }
    return Verdict.VALID;
  }

  private Verdict propertyNames(YamlTree schema, YamlTree instance, int depth) {
    List<YamlTree> names = new ArrayList<>();
    instance.fieldNames().forEachRemaining(n -> names.add(YamlTree.of(n)));
    return all(schema, names, depth);
  }

  private Verdict all(YamlTree schema, List<YamlTree> instances, int depth) {
    boolean unsure = false;
    for (YamlTree item : instances) {
      Verdict v = check(schema, item, depth + 1);
      if (v == Verdict.INVALID) {
        return v;
      }
      unsure |= v == Verdict.UNSURE;
    }
    return unsure ? Verdict.UNSURE : Verdict.VALID;
  }

  /** Strings, booleans and nulls only: numbers (1 against 1.0) and containers are compared differently by validators. */
  private static Verdict unique(List<YamlTree> items) {
    for (int i = 0; i < items.size(); i++) {
      YamlTree a = items.get(i);
      if (!(a.isTextual() || a.isBoolean() || a.isNull())) {
        return Verdict.UNSURE;
      }
      for (int j = 0; j < i; j++) {
        if (a.sameAs(items.get(j))) {
          return Verdict.INVALID;
        }
      }
    }
    return Verdict.VALID;
  }

  private Verdict anyOf(YamlTree schemas, YamlTree instance, int depth) {
    boolean unsure = false;
    for (YamlTree s : schemas.items()) {
      Verdict v = check(s, instance, depth + 1);
      if (v == Verdict.VALID) {
        return v;
      }
      unsure |= v == Verdict.UNSURE;
    }
    return unsure ? Verdict.UNSURE : Verdict.INVALID;
  }

  private Verdict oneOf(YamlTree schemas, YamlTree instance, int depth) {
    int valid = 0;
    for (YamlTree s : schemas.items()) {
      Verdict v = check(s, instance, depth + 1);
      if (v == Verdict.UNSURE) {
        return v;
      }
      valid += v == Verdict.VALID ? 1 : 0;
    }
    return valid == 1 ? Verdict.VALID : Verdict.INVALID;
  }

  private static Verdict not(Verdict v) {
    return switch (v) {
      case VALID -> Verdict.INVALID;
      case INVALID -> Verdict.VALID;
      case UNSURE -> Verdict.UNSURE;
    };
  }
}
