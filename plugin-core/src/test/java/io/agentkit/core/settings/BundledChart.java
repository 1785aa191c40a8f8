package io.agentkit.core.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.agentkit.core.chart.ChartFiles;
import io.agentkit.core.chart.YamlEditor;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The bundled chart's files as the tests that compare it with the settings table read them. */
final class BundledChart {

  final ChartFiles files;
  final JsonNode values;
  final JsonNode schema;
  final String helpers;

  BundledChart() throws Exception {
    files = ChartFiles.bundled();
    values = new YAMLMapper().readTree(files.text(ChartFiles.VALUES_YAML));
    schema = new ObjectMapper().readTree(files.get(ChartFiles.VALUES_SCHEMA));
    helpers = files.text("templates/_helpers.tpl");
  }

  /** Chart.yaml's appVersion. */
  String metadataAppVersion() throws Exception {
    return new YamlEditor(files.text(ChartFiles.CHART_YAML), "Chart.yaml").original().path("appVersion").asText();
  }

  /** The value at a dotted path of values.yaml; missing node when absent. */
  JsonNode value(String dottedPath) {
    JsonNode n = values;
    for (String part : dottedPath.split("\\.")) {
      n = n.path(part);
    }
    return n;
  }

  /** The schema of a dotted value path, following $ref; null when the schema does not declare it. */
  JsonNode schemaOf(String dottedPath) {
    JsonNode n = schema;
    for (String part : dottedPath.split("\\.")) {
      n = resolve(n);
      JsonNode next = n.path("properties").get(part);
      if (next == null) {
        return null;
      }
      n = next;
    }
    return resolve(n);
  }

  private JsonNode resolve(JsonNode n) {
    while (n.has("$ref")) {
      n = schema.at(n.get("$ref").asText().substring(1));
    }
    return n;
  }

  /** The body of {@code {{- define "name" -}}...{{- end }}} in _helpers.tpl, trimmed. */
  String define(String name) {
    Matcher m = Pattern.compile("\\{\\{- define \"" + Pattern.quote(name) + "\" -}}\\n(.*?)\\n\\{\\{- end }}", Pattern.DOTALL).matcher(helpers);
    if (!m.find()) {
      throw new AssertionError("_helpers.tpl defines no " + name);
    }
    return m.group(1).strip();
  }

  /** Every message of a {@code fail} in _helpers.tpl (the literal text of fail "..." or fail (printf "..." ...)). */
  List<String> failMessages() {
    Matcher m = Pattern.compile("fail \\(?(?:printf )?\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(helpers);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1).replace("\\\"", "\""));
    }
    return out;
  }
}
