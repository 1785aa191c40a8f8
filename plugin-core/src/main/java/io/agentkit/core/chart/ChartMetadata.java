package io.agentkit.core.chart;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.agentkit.core.yaml.YamlTree;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A chart's Chart.yaml, validated as {@code helm lint} and {@code helm push} need it.
 *
 * @param name chart name
 * @param version SemVer chart version
 * @param tree the whole Chart.yaml, for the OCI config blob and annotations
 */
public record ChartMetadata(String name, String version, String appVersion, YamlTree tree) {

  /** Helm's rule for chart names, narrowed to lowercase because OCI repository names must be. */
  private static final Pattern NAME = Pattern.compile("^[a-z0-9]+(?:[._-][a-z0-9]+)*$");

  /**
   * Helm serialises chart metadata in its struct's field order; the OCI config blob follows it so
   * that it matches what {@code helm push} uploads for the same chart.
   */
  private static final List<String> CONFIG_FIELD_ORDER = List.of(
      "name", "home", "sources", "version", "description", "keywords", "maintainers", "icon", "apiVersion",
      "condition", "tags", "appVersion", "deprecated", "annotations", "kubeVersion", "dependencies", "type");

  /** Writes the config blob with the streaming generator, as the mapper would, without loading Jackson's data binding. */
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * @param tree Chart.yaml, parsed
   * @param source names the file in messages
   */
  public static ChartMetadata of(YamlTree tree, String source) throws ChartException {
    List<String> problems = new ArrayList<>();
    String apiVersion = text(tree, "apiVersion");
    if (apiVersion == null) {
      problems.add("apiVersion is missing (write 'apiVersion: v2')");
    } else if (!apiVersion.equals("v2") && !apiVersion.equals("v1")) {
      problems.add("apiVersion '" + apiVersion + "' is not a Helm chart API version (use v2)");
    }
    String name = text(tree, "name");
    if (name == null) {
      problems.add("name is missing");
    } else if (!NAME.matcher(name).matches()) {
      problems.add("name '" + name + "' is not a valid chart name (lowercase letters, digits and single . _ - between them; OCI registries require lowercase)");
    }
    String version = text(tree, "version");
    if (version == null) {
      problems.add("version is missing");
    } else if (!SemVer.isValid(version)) {
      problems.add("version '" + version + "' is not SemVer 2.0 (e.g. 1.2.3 or 1.2.3-rc.1)");
    }
    YamlTree type = tree.get("type");
    if (type != null && !type.isNull() && !List.of("application", "library").contains(type.asText())) {
      problems.add("type '" + type.asText() + "' is neither application nor library");
    }
    if (type != null && "library".equals(type.asText())) {
      problems.add("type is library: a library chart cannot be installed, so there is nothing to package for the agent");
    }
    if (!problems.isEmpty()) {
      throw new ChartException(null, source + " is not a valid chart: " + String.join("; ", problems), "fix Chart.yaml");
    }
    return new ChartMetadata(name, version, text(tree, "appVersion"), tree);
  }

  /** {@code <name>-<version>.tgz}, as helm package names it. */
  public String archiveName() {
    return name + "-" + version + ".tgz";
  }

  /** The OCI config blob: Chart.yaml as JSON, in Helm's field order, without empty fields. */
  public byte[] configJson() {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (String field : CONFIG_FIELD_ORDER) {
        YamlTree v = tree.get(field);
        boolean emptyContainer = (v != null && (v.isObject() || v.isArray()) && v.isEmpty());
        if (v != null && !v.isNull() && !emptyContainer && !(v.isTextual() && v.asText().isEmpty()) && !(v.isBoolean() && !v.booleanValue())) {
          g.writeFieldName(field);
          if (v.isNumber()) {
            g.writeString(v.asText());
          } else {
            write(g, v);
          }
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One value as the mapper serializes the equivalent tree node. */
  private static void write(JsonGenerator g, YamlTree v) throws IOException {
    switch (v.type()) {
      case OBJECT -> {
        g.writeStartObject();
        for (Iterator<Map.Entry<String, YamlTree>> it = v.fields(); it.hasNext(); ) {
          Map.Entry<String, YamlTree> e = it.next();
          g.writeFieldName(e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (YamlTree item : v.items()) {
          write(g, item);
        }
        g.writeEndArray();
      }
      case NUMBER -> {
        Number n = v.numberValue();
        if (n instanceof Integer i) {
          g.writeNumber(i);
        } else if (n instanceof Long l) {
          g.writeNumber(l);
        } else if (n instanceof BigInteger b) {
          g.writeNumber(b);
        } else if (n instanceof BigDecimal d) {
          g.writeNumber(d);
        } else if (n instanceof Float f) {
          g.writeNumber(f);
        } else {
          g.writeNumber(n.doubleValue());
        }
      }
      case BOOLEAN -> g.writeBoolean(v.booleanValue());
      case NULL -> g.writeNull();
      case BINARY -> g.writeBinary(v.binaryValue());
      default -> g.writeString(v.asText());
    }
  }

  /** A top-level text field, or null. Numbers (e.g. {@code appVersion: 1.2}) count as text, as in Helm. */
  public static String text(YamlTree tree, String field) {
    YamlTree v = tree.get(field);
    return v == null || v.isNull() || v.isObject() || v.isArray() ? null : v.asText();
  }

  /** Chart.yaml's own annotations, for the OCI manifest. */
  public Map<String, String> annotations() {
    Map<String, String> out = new java.util.TreeMap<>();
    YamlTree a = tree.get("annotations");
    if (a != null && a.isObject()) {
      for (Iterator<Map.Entry<String, YamlTree>> it = a.fields(); it.hasNext(); ) {
        Map.Entry<String, YamlTree> e = it.next();
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }
}
