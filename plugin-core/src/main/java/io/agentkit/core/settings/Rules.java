package io.agentkit.core.settings;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Rules of general shape: text, choices, numbers, lists. Rules about Kubernetes and the agent are beside it. */
final class Rules {

  private Rules() {}

  static Rule<String> text() {
    return SpecReader::string;
  }

  /** Text matching {@code pattern}; otherwise "'value' is not {@code what}". */
  static Rule<String> text(Pattern pattern, String what, String fix) {
    return (r, path) -> {
      String v = r.string(path);
      if (v != null && !pattern.matcher(v).matches()) {
        r.problem(path, "'" + v + "' is not " + what, fix);
      }
      return v;
    };
  }

  /** Printable text (it ends up in an environment variable or a file name). */
  static Rule<String> printable() {
    return (r, path) -> {
      String v = r.string(path);
      if (v != null && v.chars().anyMatch(Character::isISOControl)) {
        r.problem(path, "contains control characters", "use printable characters only");
      }
      return v;
    };
  }

  static Rule<String> oneOf(String... choices) {
    Set<String> allowed = Set.of(choices);
    return (r, path) -> {
      String v = r.string(path);
      if (v != null && !allowed.contains(v)) {
        r.problem(path, "'" + v + "' is not allowed", "use one of " + String.join(", ", new TreeSet<>(allowed)));
      }
      return v;
    };
  }

  static Rule<Boolean> flag() {
    return SpecReader::bool;
  }

  /** A whole number of at least {@code min}; {@code belowMin} explains the limit. */
  static Rule<Integer> wholeNumber(int min, String belowMin, String fix) {
    return (r, path) -> {
      Integer v = r.integer(path);
      if (v != null && v < min) {
        r.problem(path, v + " " + belowMin, fix);
      }
      return v;
    };
  }

  static Rule<BigDecimal> positiveDecimal(String example) {
    return (r, path) -> {
      BigDecimal v = r.decimal(path);
      if (v != null && v.signum() <= 0) {
        r.problem(path, v.toPlainString() + " must be greater than zero", "use e.g. " + example);
      }
      return v;
    };
  }

  /** A file relative to where the setting was written (the project, or the spec file's directory). */
  static Rule<Path> file() {
    return SpecReader::path;
  }

  /** A list whose entries each match {@code pattern}, each listed once. */
  static Rule<List<String>> list(Pattern pattern, String what, String fix) {
    return (r, path) -> {
      List<String> items = r.stringList(path);
      if (items.isEmpty()) {
        return r.isSet(path) ? List.of() : null;
      }
      Set<String> seen = new HashSet<>();
      for (String item : items) {
        if (item.isEmpty()) {
          r.problem(path, "contains an empty entry", "remove the stray comma or empty list entry");
        } else if (!pattern.matcher(item).matches()) {
          r.problem(path, "'" + item + "' is not " + what, fix);
        } else if (!seen.add(item)) {
          r.problem(path, "'" + item + "' is listed twice", "list each once");
        }
      }
      return List.copyOf(items);
    };
  }

  /** A mapping of names to plain values; {@code key} checks each name. */
  static Rule<Map<String, String>> map(Pattern key, String what, String fix) {
    return (r, path) -> {
      if (!r.isSet(path)) {
        return null;
      }
      Map<String, String> m = r.stringMap(path);
      for (String k : m.keySet()) {
        if (!key.matcher(k).matches()) {
          r.problem(path, "'" + k + "' is not " + what, fix);
        }
      }
      return m;
    };
  }

  /** A structure written as YAML: a list or a mapping, as {@code shape} says. */
  static Rule<Object> structure(boolean list, String expected, String fix) {
    return (r, path) -> {
      Object raw = r.structure(path);
      if (raw == null) {
        return null;
      }
      if (list ? !(raw instanceof List<?>) : !(raw instanceof Map<?, ?>)) {
        r.problem(path, "expected " + expected + ", got " + SpecReader.shape(raw), fix);
        return null;
      }
      return raw;
    };
  }

  /** Entries of a list, for rules that check each. */
  static List<Object> entries(Object list) {
    return list instanceof List<?> l ? new ArrayList<>(l) : List.of();
  }
}
