package io.agentkit.core.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Helm's provenance file ({@code <chart>-<version>.tgz.prov}): an OpenPGP clear-signed message whose
 * body is the chart's metadata as YAML, the YAML document end marker {@code ...}, and a {@code files:}
 * map from the archive's file name to {@code sha256:<hex>}. {@code helm verify} checks the signature
 * and that digest; it does not read the metadata part.
 */
public final class Provenance {

  public static final String EXTENSION = ".prov";
  private static final String SEPARATOR = "\n...\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Provenance() {}

  /**
   * The message helm signs: {@code yaml.Marshal(chart.Metadata)} (Chart.yaml's known fields, keys
   * sorted, as sigs.k8s.io/yaml writes them), {@code \n...\n}, then the files map.
   */
  public static String messageBlock(ChartMetadata metadata, String archiveName, byte[] archive) {
    return metadataYaml(metadata) + SEPARATOR + "files:\n  " + archiveName + ": sha256:" + Digests.sha256Hex(archive) + "\n";
  }

  /** The metadata as Helm marshals it: the config blob's fields (Helm's Metadata struct), every map's keys sorted. */
  static String metadataYaml(ChartMetadata metadata) {
    try {
      Object tree = sorted(JSON.readTree(metadata.configJson()));
      DumperOptions options = new DumperOptions();
      options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
      options.setIndent(2);
      options.setWidth(80);
      return new Yaml(options).dump(tree);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        map.put(e.getKey(), sorted(e.getValue()));
      }
      return new LinkedHashMap<>(map);
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(sorted(n)));
      return list;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      return node.numberValue();
    }
    return node.isNull() ? null : node.asText();
  }

  /**
   * The {@code sha256:<hex>} a provenance file lists for {@code archiveName}, or null. Reads the
   * signed text only as far as helm does; the signature itself is checked by helm at install time.
   *
   * @throws ChartException when the file is not a clear-signed provenance file
   */
  public static String listedDigest(byte[] prov, String archiveName, String source) throws ChartException {
    String text = new String(prov, StandardCharsets.UTF_8).replace("\r\n", "\n");
    int begin = text.indexOf("-----BEGIN PGP SIGNED MESSAGE-----\n");
    int bodyStart = begin < 0 ? -1 : text.indexOf("\n\n", begin);
    int end = text.indexOf("\n-----BEGIN PGP SIGNATURE-----");
    if (begin < 0 || bodyStart < 0 || end < bodyStart) {
      throw new ChartException(null, source + " is not a clear-signed OpenPGP message, so it is not a Helm provenance file",
          "sign the chart again (package-chart with sign=true), or remove the file");
    }
    String body = text.substring(bodyStart + 2, end + 1);
    int sep = body.indexOf(SEPARATOR);
    if (sep < 0) {
      throw new ChartException(null, source + " has no '...' separator before its files list", "sign the chart again (package-chart with sign=true)");
    }
    for (String line : body.substring(sep + SEPARATOR.length()).split("\n")) {
      String l = line.startsWith("- ") ? line.substring(2) : line;
      String prefix = "  " + archiveName + ": ";
      if (l.startsWith(prefix)) {
        return l.substring(prefix.length()).strip().replace("\"", "");
      }
    }
    return null;
  }
}
