package io.agentkit.core.settings;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Typed access to a {@link SpecInput}, collecting a {@link SpecProblem} for every value of the wrong
 * shape instead of stopping at the first.
 */
public final class SpecReader {

  private final SpecInput input;
  private final List<SpecProblem> problems = new ArrayList<>();

  public SpecReader(SpecInput input) {
    this.input = input;
  }

  public List<SpecProblem> problems() {
    return problems;
  }

  public boolean isSet(String path) {
    return input.isSet(path);
  }

  public String describe(String path) {
    return input.originOf(path).describe(path);
  }

  public void problem(String path, String problem, String fix) {
    problems.add(new SpecProblem(describe(path), problem, fix));
  }

  public Object raw(String path) {
    return input.get(path).map(SpecInput.Value::raw).orElse(null);
  }

  /** A scalar as text; null when unset. */
  public String string(String path) {
    Object raw = raw(path);
    if (raw == null) {
      return null;
    }
    if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
      String s = raw.toString();
      if (s.isBlank()) {
        problem(path, "is blank", "remove it or give it a value");
        return null;
      }
      if (!s.equals(s.strip())) {
        problem(path, "'" + s + "' has leading or trailing whitespace", "write '" + s.strip() + "'");
        return null;
      }
      return s;
    }
    problem(path, "expected a single value, got " + shape(raw), "write it as a plain value");
    return null;
  }

  /** true or false; null when unset. */
  public Boolean bool(String path) {
    Object raw = raw(path);
    if (raw == null) {
      return null;
    }
    if (raw instanceof Boolean b) {
      return b;
    }
    if (raw instanceof String s && (s.equals("true") || s.equals("false"))) {
      return Boolean.parseBoolean(s);
    }
    problem(path, "expected true or false, got '" + raw + "'", "write true or false");
    return null;
  }

  /** A whole number; null when unset or not a number. */
  public Integer integer(String path) {
    Object raw = raw(path);
    if (raw == null) {
      return null;
    }
    if (raw instanceof Integer || raw instanceof Long) {
      return ((Number) raw).intValue();
    }
    if (raw instanceof String s && s.matches("[+-]?\\d{1,9}")) {
      return Integer.parseInt(s);
    }
    problem(path, "expected a whole number, got '" + raw + "'", "write a number such as 1");
    return null;
  }

  /** A decimal number; null when unset or not a number. */
  public BigDecimal decimal(String path) {
    Object raw = raw(path);
    if (raw == null) {
      return null;
    }
    try {
      return new BigDecimal(raw.toString().strip());
    } catch (NumberFormatException e) {
      problem(path, "expected a number, got '" + raw + "'", "write a decimal number such as 0.5");
      return null;
    }
  }

  /** A list of scalars; a single string is split at commas (the form of a -D property). */
  public List<String> stringList(String path) {
    Object raw = raw(path);
    if (raw == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (raw instanceof String s) {
      for (String part : s.split(",", -1)) {
        out.add(part.strip());
      }
      return out;
    }
    if (raw instanceof Collection<?> c) {
      for (Object o : c) {
        if (o instanceof String || o instanceof Number) {
          out.add(o.toString().strip());
        } else {
          problem(path, "expected a list of plain values, found " + shape(o), "write one value per list entry");
        }
      }
      return out;
    }
    problem(path, "expected a list, got " + shape(raw), "write a list or a comma-separated value");
    return out;
  }

  /** A map of scalars to text; null keys or nested values are problems. */
  public Map<String, String> stringMap(String path) {
    Object raw = raw(path);
    if (raw == null) {
      return Map.of();
    }
    if (!(raw instanceof Map<?, ?> m)) {
      problem(path, "expected a mapping of names to values, got " + shape(raw), "write name: value pairs");
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      Object v = e.getValue();
      if (e.getKey() == null) {
        problem(path, "has an entry without a name", "give every entry a name");
      } else if (v instanceof String || v instanceof Number || v instanceof Boolean) {
        out.put(e.getKey().toString(), v.toString());
      } else if (v == null) {
        problem(path + "." + e.getKey(), "has no value", "give it a value, or \"\" for an empty one");
      } else {
        problem(path + "." + e.getKey(), "expected a plain value, got " + shape(v), "write a single value");
      }
    }
    return out;
  }

  /** A free-form structure; a string is parsed as YAML (the POM form). */
  public Object structure(String path) {
    Object raw = raw(path);
    if (raw instanceof String s) {
      try {
        return loadYaml(YamlText.restoreTrimmedIndent(s));
      } catch (YAMLException e) {
        String fix = YamlText.lostFirstIndent(s)
            ? "Maven strips the indentation of the first line: write the YAML in flow style, e.g. {key: value}, or add xml:space=\"preserve\" to the element"
            : "check indentation and quoting";
        problem(path, "is not valid YAML: " + firstLine(e.getMessage()), fix);
        return null;
      }
    }
    return raw;
  }

  private static Object loadYaml(String text) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }

  public Path path(String path) {
    String s = string(path);
    if (s == null) {
      return null;
    }
    return input.originOf(path).baseDirectory().resolve(s).normalize();
  }

  public static String shape(Object o) {
    if (o instanceof Map) {
      return "a mapping";
    }
    if (o instanceof Collection) {
      return "a list";
    }
    return o == null ? "nothing" : "'" + o + "'";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
