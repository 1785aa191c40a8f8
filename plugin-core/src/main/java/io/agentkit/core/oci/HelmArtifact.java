package io.agentkit.core.oci;

import static io.agentkit.core.oci.MediaTypes.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentkit.core.chart.ChartMetadata;
import io.agentkit.core.chart.Digests;
import io.agentkit.core.yaml.YamlTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A chart as the OCI artifact Helm pushes: a config blob (Chart.yaml as JSON), the chart layer (the
 * .tgz), when the chart is signed a provenance layer (the .prov), and a manifest with Helm's
 * annotations. Everything is derived from the archive, the provenance file and the build
 * timestamp, so the manifest digest is reproducible.
 *
 * @param provenance the provenance layer, or null
 */
public record HelmArtifact(Blob config, Blob chart, Blob provenance, byte[] manifest, String manifestDigest) {

  /** Content and its digest. */
  public record Blob(String mediaType, byte[] content, String digest) {
    static Blob of(String mediaType, byte[] content) {
      return new Blob(mediaType, content, Digests.ociDigest(content));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param created the {@code org.opencontainers.image.created} annotation; the build timestamp
   */
  public static HelmArtifact of(ChartMetadata metadata, byte[] archive, Instant created) {
    return of(metadata, archive, null, created);
  }

  /**
   * @param provenance the .prov file's bytes, or null for an unsigned chart
   * @param created the {@code org.opencontainers.image.created} annotation; the build timestamp
   */
  public static HelmArtifact of(ChartMetadata metadata, byte[] archive, byte[] provenance, Instant created) {
    Blob config = Blob.of(HELM_CONFIG, metadata.configJson());
    Blob chart = Blob.of(HELM_CHART_CONTENT, archive);
    Blob prov = provenance == null ? null : Blob.of(HELM_PROVENANCE, provenance);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    manifest.set("config", descriptor(config));
    ArrayNode layers = manifest.putArray("layers");
    // helm push sorts its layers by digest (as ORAS v1 did); helm pull finds each by media type.
    List<Blob> layerBlobs = new ArrayList<>(prov == null ? List.of(chart) : List.of(chart, prov));
    layerBlobs.sort(java.util.Comparator.comparing(Blob::digest));
    layerBlobs.forEach(b -> layers.add(descriptor(b)));
    ObjectNode annotations = manifest.putObject("annotations");
    annotations(metadata, created).forEach(annotations::put);
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsString(manifest).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new HelmArtifact(config, chart, prov, bytes, Digests.ociDigest(bytes));
  }

  /** The blobs in upload order: the manifest refers to them, so they go first. */
  public List<Blob> blobs() {
    return provenance == null ? List.of(config, chart) : List.of(config, chart, provenance);
  }

  /**
   * Helm's manifest annotations: the standard ones, then Chart.yaml's own, which may replace any but
   * title and version. Sorted, so the JSON is the same on every run.
   */
  static Map<String, String> annotations(ChartMetadata metadata, Instant created) {
    Map<String, String> a = new TreeMap<>();
    YamlTree tree = metadata.tree();
    putIfPresent(a, ANNOTATION_DESCRIPTION, ChartMetadata.text(tree, "description"));
    putIfPresent(a, ANNOTATION_URL, ChartMetadata.text(tree, "home"));
    YamlTree sources = tree.get("sources");
    if (sources != null && sources.isArray() && !sources.isEmpty()) {
      putIfPresent(a, ANNOTATION_SOURCE, sources.get(0).asText());
    }
    YamlTree maintainers = tree.get("maintainers");
    if (maintainers != null && maintainers.isArray() && !maintainers.isEmpty()) {
      List<String> authors = new ArrayList<>();
      for (YamlTree m : maintainers.items()) {
        String name = m.path("name").asText("");
        String email = m.path("email").asText("");
        authors.add(email.isEmpty() ? name : name + " (" + email + ")");
      }
      a.put(ANNOTATION_AUTHORS, String.join(", ", authors));
    }
    a.put(ANNOTATION_CREATED, DateTimeFormatter.ISO_INSTANT.format(created));
    a.putAll(metadata.annotations());
    a.put(ANNOTATION_TITLE, metadata.name());
    a.put(ANNOTATION_VERSION, metadata.version());
    return a;
  }

  private static ObjectNode descriptor(Blob blob) {
    ObjectNode d = JSON.createObjectNode();
    d.put("mediaType", blob.mediaType());
    d.put("digest", blob.digest());
    d.put("size", blob.content().length);
    return d;
  }

  private static void putIfPresent(Map<String, String> a, String key, String value) {
    if (value != null && !value.isEmpty()) {
      a.put(key, value);
    }
  }
}
