package io.agentkit.core.chart;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.agentkit.core.yaml.YamlTree;
import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A fast first look at a chart's default values against its {@code values.schema.json} that only
 * ever answers "certainly valid": then package-chart need not load the JSON schema validator and
 * Jackson's data binding (about 570 classes, a third of what the plugin's goals add to a build).
 * Any other answer, including "not sure", sends the values to {@link ValuesSchema}, which decides
 * and words the errors. It admits a schema only when every keyword in it is one
 * {@link Draft07Keywords} implements (or an annotation), every pattern is portable and every
 * {@code $ref} points into the root's definitions, so a schema outside that subset is never
 * half-checked.
 */
final class ValuesPrecheck {

  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<String> DRAFT_07 = Set.of("http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema");
  private static final Pattern DEFINITION_REF = Pattern.compile("#/definitions/[A-Za-z0-9_.-]+");
  private static final Set<String> TYPE_NAMES = Set.of("object", "array", "string", "number", "integer", "boolean", "null");

  private ValuesPrecheck() {}

  /** Whether {@code values} certainly satisfy the schema; false when they do not or when this cannot tell. */
  static boolean certainlyValid(byte[] schemaJson, YamlTree values) {
    try (JsonParser p = JSON.createParser(schemaJson)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      YamlTree schema = YamlTree.read(p);
      return p.nextToken() == null && admitted(schema) && new Draft07Keywords(schema).check(schema, values) == Draft07Keywords.Verdict.VALID;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Whether the whole schema, definitions included, lies in the subset decided here. */
  static boolean admitted(YamlTree root) {
    YamlTree dialect = root.get("$schema");
    if (dialect != null && !DRAFT_07.contains(dialect.asText())) {
      return false;
    }
    YamlTree definitions = root.get("definitions");
    if (definitions != null) {
      if (!definitions.isObject()) {
        return false;
      }
      for (Iterator<Map.Entry<String, YamlTree>> it = definitions.fields(); it.hasNext(); ) {
        if (!schema(it.next().getValue(), root, false)) {
          return false;
        }
      }
    }
    return schema(root, root, true);
  }

  private static boolean schema(YamlTree s, YamlTree root, boolean isRoot) {
    if (s.isBoolean()) {
      return true;
    }
    if (!s.isObject()) {
      return false;
    }
    YamlTree ref = s.get("$ref");
    if (ref != null) {
      // In draft-07 a $ref's siblings are ignored; validators disagree on that, so only annotations may stand beside it.
      return ref.isTextual() && DEFINITION_REF.matcher(ref.asText()).matches()
          && root.path("definitions").has(ref.asText().substring("#/definitions/".length()))
          && allKeys(s, k -> k.equals("$ref") || (Draft07Keywords.ANNOTATIONS.contains(k) && !k.equals("definitions")));
    }
    for (Iterator<Map.Entry<String, YamlTree>> it = s.fields(); it.hasNext(); ) {
      Map.Entry<String, YamlTree> keyword = it.next();
      String name = keyword.getKey();
      boolean ok = name.equals("$schema") || name.equals("definitions") ? isRoot
          : Draft07Keywords.ANNOTATIONS.contains(name) || (Draft07Keywords.IMPLEMENTED.contains(name) && wellFormed(name, keyword.getValue(), root));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean wellFormed(String keyword, YamlTree v, YamlTree root) {
    return switch (keyword) {
      case "type" -> v.isTextual() ? TYPE_NAMES.contains(v.asText()) : v.isArray() && !v.isEmpty() && distinctStrings(v.items(), TYPE_NAMES);
      case "enum" -> v.isArray();
      case "pattern" -> v.isTextual() && PortableRegex.portablePattern(v.asText()) && compiles(v.asText());
      case "maxLength" -> v.isIntegral() && v.numberValue() instanceof Integer n && n >= 0;
      case "minimum" -> v.isIntegral() && (v.numberValue() instanceof Integer || v.numberValue() instanceof Long);
      case "properties" -> v.isObject() && allValues(v, root);
      case "required" -> v.isArray() && distinctStrings(v.items(), null);
      case "uniqueItems" -> v.isBoolean();
      case "anyOf", "oneOf" -> v.isArray() && !v.isEmpty() && v.items().stream().allMatch(s -> schema(s, root, false));
      case "additionalProperties", "propertyNames", "items", "not" -> schema(v, root, false);
      default -> false;
    };
  }

  private static boolean allValues(YamlTree properties, YamlTree root) {
    for (Iterator<Map.Entry<String, YamlTree>> it = properties.fields(); it.hasNext(); ) {
      if (!schema(it.next().getValue(), root, false)) {
        return false;
      }
    }
    return true;
  }

  private static boolean allKeys(YamlTree s, java.util.function.Predicate<String> allowed) {
    for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
      if (!allowed.test(it.next())) {
        return false;
      }
    }
    return true;
  }

  private static boolean distinctStrings(List<YamlTree> items, Set<String> allowed) {
    Set<String> seen = new HashSet<>();
    for (YamlTree item : items) {
      if (!item.isTextual() || !seen.add(item.asText()) || (allowed != null && !allowed.contains(item.asText()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean compiles(String regex) {
    try {
      Pattern.compile(regex);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
