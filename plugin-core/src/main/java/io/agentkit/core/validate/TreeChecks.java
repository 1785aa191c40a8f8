package io.agentkit.core.validate;

import io.agentkit.core.yaml.YamlTree;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Shape checks for documents without a Java model (ACI, resource definition): required fields,
 * types, and no fields outside a known set.
 */
final class TreeChecks {

  private final String file;
  private final String object;

  TreeChecks(String file, String object) {
    this.file = file;
    this.object = object;
  }

  YamlTree object(YamlTree parent, String field, String path) throws InvalidOutputException {
    YamlTree n = parent.get(field);
    if (n == null || !n.isObject()) {
      throw fail(path, n == null ? "is required" : "must be a mapping");
    }
    return n;
  }

  YamlTree list(YamlTree parent, String field, String path, boolean nonEmpty) throws InvalidOutputException {
    YamlTree n = parent.get(field);
    if (n == null || !n.isArray()) {
      throw fail(path, n == null ? "is required" : "must be a list");
    }
    if (nonEmpty && n.isEmpty()) {
      throw fail(path, "must not be empty");
    }
    return n;
  }

  String text(YamlTree parent, String field, String path) throws InvalidOutputException {
    YamlTree n = parent.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw fail(path, n == null ? "is required" : "must be a non-empty string");
    }
    return n.asText();
  }

  void equalsText(YamlTree parent, String field, String path, String expected) throws InvalidOutputException {
    String v = text(parent, field, path);
    if (!v.equals(expected)) {
      throw fail(path, "must be '" + expected + "', found '" + v + "'");
    }
  }

  void oneOf(YamlTree parent, String field, String path, Set<String> allowed) throws InvalidOutputException {
    String v = text(parent, field, path);
    if (!allowed.contains(v)) {
      throw fail(path, "'" + v + "' is not one of " + new TreeSet<>(allowed));
    }
  }

  double positiveNumber(YamlTree parent, String field, String path) throws InvalidOutputException {
    YamlTree n = parent.get(field);
    if (n == null || !n.isNumber()) {
      throw fail(path, n == null ? "is required" : "must be a number, not " + (n.isTextual() ? "a string" : n.typeName().toLowerCase()));
    }
    if (n.asDouble() <= 0) {
      throw fail(path, "must be greater than zero");
    }
    return n.asDouble();
  }

  void onlyFields(YamlTree node, String path, Set<String> allowed) throws InvalidOutputException {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw fail(join(path, name), "unknown field \"" + name + "\" (known: " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
  }

  InvalidOutputException fail(String path, String problem) {
    return new InvalidOutputException(file, object, path, problem);
  }

  static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
