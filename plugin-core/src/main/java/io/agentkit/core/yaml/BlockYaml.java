package io.agentkit.core.yaml;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Writes the values files the plugin generates as SnakeYAML's block style does (indent 2, no line folding), byte for
 * byte, for the trees those files hold: maps of names to plain words, numbers, booleans, and non-empty lists and maps of
 * those. Anything else (an empty collection, null, a list inside a list, a text that needs quoting beyond {@code ''}, a
 * collection met twice, which SnakeYAML writes as an anchor) returns null, and the caller dumps the tree with SnakeYAML.
 *
 * <p>Why: SnakeYAML's emitter, serializer and representer are some 90 classes that render-manifests loaded in every
 * build to write helm-values.yaml. Whether a word is written plain or in single quotes is SnakeYAML's own resolver's
 * decision (a word that reads back as a number, boolean, null or date is quoted), so the two agree by construction;
 * BlockYamlTest compares them on random trees.
 */
public final class BlockYaml {

  private static final int MAX_SIMPLE_KEY = 100;

  private final Resolver resolver = new Resolver();
  private final Map<Object, Boolean> seen = new IdentityHashMap<>();
  private final StringBuilder out = new StringBuilder();

  private BlockYaml() {}

  /** The document for a non-empty map, as {@code new Yaml(options).dump(map)} with block flow style and unlimited width; or null. */
  public static String dump(Map<?, ?> root) {
    BlockYaml y = new BlockYaml();
    return y.mapping(root, 0, false) ? y.out.toString() : null;
  }

  private boolean mapping(Map<?, ?> map, int indent, boolean firstOnItemLine) {
    if (map.isEmpty() || seen.put(map, Boolean.TRUE) != null) {
      return false;
    }
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      // SnakeYAML writes an empty or long key as a complex key ("? key").
      if (!(e.getKey() instanceof String key) || key.isEmpty() || key.length() > MAX_SIMPLE_KEY) {
        return false;
      }
      String k = scalar(key);
      if (k == null) {
        return false;
      }
      if (!(first && firstOnItemLine)) {
        out.append(" ".repeat(indent));
      }
      first = false;
      out.append(k).append(':');
      if (!value(e.getValue(), indent)) {
        return false;
      }
    }
    return true;
  }

  /** What follows {@code key:}; a nested map is indented, a list is not (SnakeYAML's indentless sequence in a map). */
  private boolean value(Object value, int indent) {
    if (value instanceof Map<?, ?> map) {
      out.append('\n');
      return mapping(map, indent + 2, false);
    }
    if (value instanceof List<?> list) {
      out.append('\n');
      return sequence(list, indent);
    }
    String s = scalar(value);
    if (s == null) {
      return false;
    }
    out.append(' ').append(s).append('\n');
    return true;
  }

  private boolean sequence(List<?> list, int indent) {
    if (list.isEmpty() || seen.put(list, Boolean.TRUE) != null) {
      return false;
    }
    for (Object item : list) {
      out.append(" ".repeat(indent)).append("- ");
      if (item instanceof Map<?, ?> map) {
        if (!mapping(map, indent + 2, true)) {
          return false;
        }
      } else {
        String s = scalar(item);
        if (s == null) {
          return false;
        }
        out.append(s).append('\n');
      }
    }
    return true;
  }

  /** A scalar as SnakeYAML writes it in block context, or null when this class does not know. */
  private String scalar(Object value) {
    if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      return value.toString();
    }
    if (!(value instanceof String s)) {
      return null;
    }
    if (s.isEmpty()) {
      return "''";
    }
    if (!isWord(s)) {
      return null;
    }
    return resolver.resolve(NodeId.scalar, s, true).equals(Tag.STR) ? s : "'" + s + "'";
  }

  /**
   * Letters, digits and {@code . _ / - @}, and {@code :} before another of them, starting with a letter or digit:
   * SnakeYAML's emitter allows such a text plain in block context (no indicator, space, comment or quote in it).
   */
  static boolean isWord(String s) {
    if (!isAlphanumeric(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = isAlphanumeric(c) || c == '.' || c == '_' || c == '/' || c == '-' || c == '@' || (c == ':' && i < s.length() - 1);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
