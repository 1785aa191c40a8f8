package io.agentkit.core.chart;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.agentkit.core.yaml.YamlTree;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sets values in a block-style YAML document (values.yaml, Chart.yaml) line by line, so that every
 * comment, blank line and untouched value stays as the author wrote it; a YAML library would drop
 * the comments that document the chart. After editing, the text is parsed again and must equal the
 * original document with exactly the requested changes, so a layout this editor misreads fails the
 * build instead of producing a wrong chart. Documents are read with Jackson's streaming parser into a
 * {@link YamlTree}, as its mapper would read them (duplicate keys allowed, the last one wins): chart
 * packaging runs in every build that binds it and does not load Jackson's data binding.
 */
public final class YamlEditor {

  private static final YAMLFactory YAML = new YAMLFactory();
  /** Quotes strings as the mapper would, without its serializers (package-chart runs in every build). */
  private static final JsonFactory JSON = new JsonFactory();
  private static final Pattern KEY_LINE = Pattern.compile(
      "^( *)(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^']|'')*'|[^\\s#'\"\\[\\]{},&*!|>%@`-][^#]*?|-[^\\s#][^#]*?)\\s*:(?:[ \\t]+(.*))?$");
  private static final Pattern PLAIN_KEY = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_./-]*$");
  private static final Pattern PLAIN_STRING = Pattern.compile("^[A-Za-z_/][A-Za-z0-9_./-]*$");
  private static final List<String> RESERVED_WORDS = List.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");

  private final String source;
  private final YamlTree original;
  private YamlTree expected;
  private final List<String> lines;
  /** What {@link #text} returned last, as parsed there. */
  private YamlTree written;

  /**
   * @param source names the file in messages
   * @throws ChartException if the text is not a YAML mapping
   */
  public YamlEditor(String text, String source) throws ChartException {
    this.source = source;
    this.original = parse(text == null ? "" : text, source);
    this.expected = original;
    this.lines = new ArrayList<>(List.of((text == null ? "" : text).split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
  }

  /** The document as parsed before any edit. */
  public YamlTree original() {
    return original;
  }

  /**
   * Sets the value at {@code path} (mapping keys from the root), creating missing mappings.
   *
   * @param value a String, Number, Boolean, List or Map (as from a YAML parser), or null
   */
  public YamlEditor set(List<String> path, Object value) throws ChartException {
    expected = expected.with(path, YamlTree.of(value));

    int lineOfKey = -1;
    int start = 0;
    int end = lines.size();
    int parentIndent = -1;
    for (int depth = 0; depth < path.size(); depth++) {
      int found = findKey(path.get(depth), start, end, parentIndent);
      if (found < 0) {
        insert(lineOfKey, start, end, parentIndent, nest(path.subList(depth, path.size()), value));
        return this;
      }
      lineOfKey = found;
      parentIndent = indent(lines.get(found));
      start = found + 1;
      end = blockEnd(found);
    }
    replace(lineOfKey, value);
    return this;
  }

  /** The edited text, checked to parse to the original document plus the edits. */
  public String text() throws ChartException {
    String text = String.join("\n", lines) + "\n";
    YamlTree actual = parse(text, source);
    if (!expected.sameAs(actual)) {
      throw new ChartException(null, "editing " + source + " while keeping its comments gave a different document than intended",
          "write " + source + " in plain block style (one 'key: value' per line, two-space indents), or leave these values out of the plugin configuration");
    }
    written = actual;
    return text;
  }

  /** The document {@link #text} returned, as it parsed there (so callers need not parse the text again). */
  public YamlTree written() {
    if (written == null) {
      throw new IllegalStateException("text() has not been called");
    }
    return written;
  }

  private void replace(int line, Object value) {
    Matcher m = KEY_LINE.matcher(lines.get(line));
    m.matches();
    String prefix = m.group(1) + m.group(2) + ":";
    String comment = inlineComment(m.group(3));
    int blockEnd = blockEnd(line);
    List<String> block = new ArrayList<>();
    String inline = inline(value);
    if (inline != null) {
      lines.set(line, prefix + " " + inline + comment);
    } else {
      lines.set(line, prefix + comment);
      emit(value, indent(lines.get(line)) + 2, block);
    }
    lines.subList(line + 1, blockEnd).clear();
    lines.addAll(line + 1, block);
  }

  /** Adds {@code value} (already nested under its missing keys) to the mapping at {@code parentLine}, or to the root. */
  private void insert(int parentLine, int start, int end, int parentIndent, Map<String, Object> value) throws ChartException {
    if (parentLine >= 0) {
      Matcher m = KEY_LINE.matcher(lines.get(parentLine));
      m.matches();
      String inline = m.group(3) == null ? "" : m.group(3).replaceFirst("\\s+#.*$", "").strip();
      if (!inline.isEmpty()) {
        if (!inline.equals("{}") && !inline.equals("null") && !inline.equals("~")) {
          throw new ChartException(null, source + " line " + (parentLine + 1) + ": '" + m.group(2).strip() + "' is not a mapping, so nothing can be set inside it",
              "make it a mapping in " + source);
        }
        replace(parentLine, value);
        return;
      }
    }
    int childIndent = parentIndent + 2;
    int last = start - 1;
    for (int i = start; i < end; i++) {
      if (isContent(lines.get(i))) {
        if (last < start) {
          childIndent = indent(lines.get(i));
        }
        last = i;
      }
    }
    if (parentLine < 0) {
      childIndent = 0;
      last = lines.size() - 1;
    }
    List<String> block = new ArrayList<>();
    emit(value, childIndent, block);
    lines.addAll(last + 1, block);
  }

  private int findKey(String key, int start, int end, int parentIndent) {
    int childIndent = -1;
    for (int i = start; i < end; i++) {
      String line = lines.get(i);
      if (!isContent(line) || indent(line) <= parentIndent) {
        continue;
      }
      if (childIndent < 0) {
        childIndent = indent(line);
      }
      Matcher m = KEY_LINE.matcher(line);
      if (indent(line) == childIndent && m.matches() && unquote(m.group(2).strip()).equals(key)) {
        return i;
      }
    }
    return -1;
  }

  /** The line after the last one of the value of the key at {@code line}; trailing comments belong to what follows. */
  private int blockEnd(int line) {
    int keyIndent = indent(lines.get(line));
    Matcher m = KEY_LINE.matcher(lines.get(line));
    boolean inlineValue = m.matches() && m.group(3) != null && !m.group(3).strip().isEmpty() && !m.group(3).strip().startsWith("#");
    boolean blockScalar = inlineValue && (m.group(3).strip().startsWith("|") || m.group(3).strip().startsWith(">"));
    int end = line + 1;
    for (int i = line + 1; i < lines.size(); i++) {
      String l = lines.get(i);
      if (!isContent(l)) {
        continue;
      }
      boolean deeper = indent(l) > keyIndent;
      boolean sameLevelSequence = !inlineValue && indent(l) == keyIndent && l.strip().startsWith("-");
      if (!(deeper || sameLevelSequence) || (inlineValue && !blockScalar && !deeper)) {
        break;
      }
      end = i + 1;
    }
    return end;
  }

  private static Map<String, Object> nest(List<String> keys, Object value) {
    Object v = value;
    for (int i = keys.size() - 1; i >= 0; i--) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(keys.get(i), v);
      v = m;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> top = (Map<String, Object>) v;
    return top;
  }

  private static void emit(Object value, int indent, List<String> out) {
    String pad = " ".repeat(indent);
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = pad + key(String.valueOf(e.getKey())) + ":";
        String inline = inline(e.getValue());
        if (inline != null) {
          out.add(key + " " + inline);
        } else {
          out.add(key);
          emit(e.getValue(), indent + 2, out);
        }
      }
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        String inline = inline(item);
        if (inline != null) {
          out.add(pad + "- " + inline);
        } else {
          List<String> nested = new ArrayList<>();
          emit(item, indent + 2, nested);
          out.add(pad + "- " + nested.get(0).stripLeading());
          out.addAll(nested.subList(1, nested.size()));
        }
      }
    }
  }

  /** A scalar or empty collection on one line, or null for a value that needs a block. */
  private static String inline(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map<?, ?> m) {
      return m.isEmpty() ? "{}" : null;
    }
    if (value instanceof List<?> l) {
      return l.isEmpty() ? "[]" : null;
    }
    if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      return value.toString();
    }
    if (value instanceof java.math.BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Number n) {
      return n.toString();
    }
    String s = value.toString();
    return PLAIN_STRING.matcher(s).matches() && !RESERVED_WORDS.contains(s.toLowerCase(java.util.Locale.ROOT)) ? s : quote(s);
  }

  private static String key(String k) {
    return PLAIN_KEY.matcher(k).matches() && !RESERVED_WORDS.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.matches("^[0-9.]+$") ? k : quote(k);
  }

  /** YAML double-quoted style, which JSON escaping satisfies. */
  static String quote(String s) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeString(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  private static String unquote(String key) {
    if (key.length() >= 2 && (key.startsWith("\"") && key.endsWith("\"") || key.startsWith("'") && key.endsWith("'"))) {
      try (JsonParser p = YAML.createParser(key)) {
        if (p.nextToken() == JsonToken.VALUE_STRING) {
          return p.getText();
        }
      } catch (IOException e) {
        // not a complete quoted scalar: compared as written, without its quotes
      }
      return key.substring(1, key.length() - 1);
    }
    return key;
  }

  /** The {@code  # comment} after an inline value, kept when the value is replaced. */
  private static String inlineComment(String inline) {
    if (inline == null) {
      return "";
    }
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < inline.length(); i++) {
      char c = inline.charAt(i);
      if (c == '\'' && !dbl) {
        single = !single;
      } else if (c == '"' && !single && (i == 0 || inline.charAt(i - 1) != '\\')) {
        dbl = !dbl;
      } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(inline.charAt(i - 1)))) {
        return " " + inline.substring(i);
      }
    }
    return "";
  }

  private static boolean isContent(String line) {
    String s = line.strip();
    return !s.isEmpty() && !s.startsWith("#");
  }

  private static int indent(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** The first document of {@code text} (an empty or null document is an empty mapping). */
  static YamlTree parse(String text, String source) throws ChartException {
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null || first == JsonToken.VALUE_NULL) {
        return YamlTree.emptyObject();
      }
      YamlTree node = YamlTree.read(p);
      if (!node.isObject()) {
        throw new ChartException(null, source + " is not a YAML mapping", "write it as 'key: value' lines");
      }
      return node;
    } catch (IOException e) {
      throw new ChartException(null, source + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), "fix the syntax error");
    }
  }
}
