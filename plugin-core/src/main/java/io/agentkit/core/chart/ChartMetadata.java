package io.agentkit.core.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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
public record ChartMetadata(String name, String version, String appVersion, JsonNode tree) {

  /** Helm's rule for chart names, narrowed to lowercase because OCI repository names must be. */
  private static final Pattern NAME = Pattern.compile("^[a-z0-9]+(?:[._-][a-z0-9]+)*$");

  /**
   * Helm serialises chart metadata in its struct's field order; the OCI config blob follows it so
   * that it matches what {@code helm push} uploads for the same chart.
   */
  private static final List<String> CONFIG_FIELD_ORDER = List.of(
      "name", "home", "sources", "version", "description", "keywords", "maintainers", "icon", "apiVersion",
      "condition", "tags", "appVersion", "deprecated", "annotations", "kubeVersion", "dependencies", "type");

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param tree Chart.yaml, parsed
   * @param source names the file in messages
   */
  public static ChartMetadata of(JsonNode tree, String source) throws ChartException {
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
    JsonNode type = tree.get("type");
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
    ObjectNode config = JSON.createObjectNode();
    for (String field : CONFIG_FIELD_ORDER) {
      JsonNode v = tree.get(field);
      if (v != null && !v.isNull() && !(v.isContainerNode() && v.isEmpty()) && !(v.isTextual() && v.asText().isEmpty()) && !(v.isBoolean() && !v.asBoolean())) {
        config.set(field, v.isNumber() ? JSON.getNodeFactory().textNode(v.asText()) : v);
      }
    }
    try {
      return JSON.writeValueAsString(config).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A top-level text field, or null. Numbers (e.g. {@code appVersion: 1.2}) count as text, as in Helm. */
  public static String text(JsonNode tree, String field) {
    JsonNode v = tree.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  /** Chart.yaml's own annotations, for the OCI manifest. */
  public Map<String, String> annotations() {
    Map<String, String> out = new java.util.TreeMap<>();
    JsonNode a = tree.get("annotations");
    if (a != null && a.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }
}
