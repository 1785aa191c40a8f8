package io.agentkit.core.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.agentkit.core.Specs;
import io.agentkit.core.render.ChartValues;
import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.settings.SpecInput;
import io.agentkit.core.spec.SpecBuilder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Material for values documents against the bundled chart's schema: its defaults, the value paths
 * the schema declares, the chart values every setting's example writes and every setting's invalid
 * example, and a YAML writer that can put raw YAML scalars ({@code yes}, {@code 0x1F}, {@code !!binary})
 * where a value goes, so both readers see the same text.
 */
final class ValuesDocuments {

  /** A scalar written into the document as it is. */
  record Raw(String yaml) {}

  /** One edit of the defaults: a value path and its new value, or {@link #REMOVE}. */
  record Edit(List<String> path, Object value) {}

  static final Object REMOVE = new Object();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  final ChartFiles chart;
  final byte[] schema;
  final Map<String, Object> defaults;
  /** Every value path the schema declares (definitions followed), dotted. */
  final List<String> schemaPaths;
  /** The chart values every setting's example writes. */
  final List<Edit> exampleEdits = new ArrayList<>();
  /** Those, and every setting's invalid example at its value path. */
  final List<Edit> settingEdits = new ArrayList<>();

  private static ValuesDocuments bundled;

  /** The bundled chart's, read once per test run. */
  static synchronized ValuesDocuments bundled() {
    if (bundled == null) {
      try {
        bundled = new ValuesDocuments();
      } catch (Exception e) {
        throw new IllegalStateException("cannot read the bundled chart", e);
      }
    }
    return bundled;
  }

  @SuppressWarnings("unchecked")
  private ValuesDocuments() throws Exception {
    chart = ChartFiles.bundled();
    schema = chart.get(ChartFiles.VALUES_SCHEMA);
    defaults = YAML.readValue(chart.text(ChartFiles.VALUES_YAML), LinkedHashMap.class);
    var schemaTree = JSON.readTree(schema);
    TreeSet<String> paths = new TreeSet<>();
    collectPaths(schemaTree, schemaTree, "", paths, 0);
    schemaPaths = List.copyOf(paths);
    for (Setting<?> s : Settings.ALL) {
      if (s.chart() == null) {
        continue;
      }
      SpecInput in = Specs.input("failOnMissingTunnelUrl", false);
      s.exampleContext().forEach((p, v) -> in.set(p, v, Specs.ORIGIN));
      in.set(s.path(), s.example(), Specs.ORIGIN);
      ChartValues.of(new SpecBuilder(Specs.TEST_IMAGE).buildChartDefaults(in)).forEach((p, v) -> exampleEdits.add(new Edit(p, v)));
      Object invalid = s.invalidExample();
      if (invalid != null) {
        List<String> at = List.of(s.chart().paths().get(0).split("\\."));
        settingEdits.add(new Edit(at, invalid));
        if (invalid instanceof String text && (text.startsWith("[") || text.startsWith("{"))) {
          settingEdits.add(new Edit(at, YAML.readValue(text, Object.class)));
        }
      }
    }
    settingEdits.addAll(exampleEdits);
  }

  private static void collectPaths(com.fasterxml.jackson.databind.JsonNode root, com.fasterxml.jackson.databind.JsonNode node, String prefix,
      TreeSet<String> out, int depth) {
    while (node.has("$ref")) {
      node = root.at(node.get("$ref").asText().substring(1));
    }
    if (depth > 4) {
      return;
    }
    for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = node.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> p = it.next();
      out.add(prefix + p.getKey());
      collectPaths(root, p.getValue(), prefix + p.getKey() + ".", out, depth + 1);
    }
  }

  /** The defaults with the edits applied, as YAML text (flow style). */
  String document(List<Edit> edits) {
    Map<String, Object> doc = deepCopy(defaults);
    for (Edit e : edits) {
      apply(doc, e.path(), e.value());
    }
    return yaml(doc) + "\n";
  }

  @SuppressWarnings("unchecked")
  private static void apply(Map<String, Object> doc, List<String> path, Object value) {
    Map<String, Object> parent = doc;
    for (String key : path.subList(0, path.size() - 1)) {
      Object child = parent.get(key);
      if (!(child instanceof Map)) {
        if (value == REMOVE) {
          return;
        }
        child = new LinkedHashMap<String, Object>();
        parent.put(key, child);
      }
      parent = (Map<String, Object>) child;
    }
    if (value == REMOVE) {
      parent.remove(path.get(path.size() - 1));
    } else {
      parent.put(path.get(path.size() - 1), value);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> m) {
    Map<String, Object> copy = new LinkedHashMap<>();
    m.forEach((k, v) -> copy.put(k, v instanceof Map ? deepCopy((Map<String, Object>) v) : v));
    return copy;
  }

  static String yaml(Object v) {
    if (v == null) {
      return "null";
    } else if (v instanceof Raw r) {
      return r.yaml();
    } else if (v instanceof Map<?, ?> m) {
      List<String> entries = new ArrayList<>();
      m.forEach((k, x) -> entries.add(quote(String.valueOf(k)) + ": " + yaml(x)));
      return "{" + String.join(", ", entries) + "}";
    } else if (v instanceof List<?> l) {
      List<String> items = new ArrayList<>();
      l.forEach(x -> items.add(yaml(x)));
      return "[" + String.join(", ", items) + "]";
    } else if (v instanceof String s) {
      return quote(s);
    }
    return String.valueOf(v);
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
