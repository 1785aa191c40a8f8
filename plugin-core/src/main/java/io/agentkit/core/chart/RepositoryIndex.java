package io.agentkit.core.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentkit.core.BuildLog;
import io.agentkit.core.io.AtomicFiles;
import io.agentkit.core.io.FileMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The {@code index.yaml} of a static Helm repository (a web server or bucket serving files), as
 * {@code helm repo index --merge} writes it: every entry of an existing index is kept, the packaged
 * chart's entry is added (replacing one of the same name and version), entries are sorted newest
 * version first. {@code created} and {@code generated} are the build timestamp, so the same inputs
 * give the same file.
 */
public final class RepositoryIndex {

  /**
   * @param indexFile the index.yaml to write
   * @param mergeFrom an existing index to merge into, or null (the index file itself is merged when it exists)
   * @param baseUrl the URL the repository is served from (entries' {@code urls}), or null for relative URLs
   */
  public record Request(Path indexFile, Path mergeFrom, String baseUrl, Instant timestamp) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
  private static final int MAX_INDEX = 64 << 20;

  private final BuildLog log;

  public RepositoryIndex(BuildLog log) {
    this.log = log;
  }

  public Path write(PackageChart.Result chart, Request request) throws ChartException, IOException {
    Path source = request.mergeFrom() != null ? request.mergeFrom() : Files.isRegularFile(request.indexFile()) ? request.indexFile() : null;
    Map<String, List<Map<String, Object>>> entries = source == null ? new TreeMap<>() : read(source, request.mergeFrom() != null ? "mergeIndex" : "chartOutputDirectory");
    Map<String, Object> entry = entry(chart, request);
    List<Map<String, Object>> versions = entries.computeIfAbsent(chart.metadata().name(), k -> new ArrayList<>());
    versions.removeIf(e -> chart.metadata().version().equals(String.valueOf(e.get("version"))));
    versions.add(entry);
    versions.sort(Comparator.comparing((Map<String, Object> e) -> String.valueOf(e.get("version")), SemVer::compare).reversed());
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("apiVersion", "v1");
    index.put("entries", entries);
    index.put("generated", DateTimeFormatter.ISO_INSTANT.format(request.timestamp()));
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    byte[] yaml = new Yaml(options).dump(index).getBytes(StandardCharsets.UTF_8);
    AtomicFiles.writeReplacing(request.indexFile(), yaml, FileMode.PUBLIC);
    log.info("Wrote " + request.indexFile() + " (" + versions.size() + " version(s) of " + chart.metadata().name()
        + (source == null ? "" : ", merged with " + source) + ")");
    return request.indexFile();
  }

  /** The chart's entry: its metadata as Helm's index holds it, plus urls, created and digest. */
  private static Map<String, Object> entry(PackageChart.Result chart, Request request) throws IOException {
    Map<String, Object> e = new TreeMap<>();
    JsonNode config = JSON.readTree(chart.metadata().configJson());
    for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      e.put(f.getKey(), JSON.convertValue(f.getValue(), Object.class));
    }
    String file = chart.archive().getFileName().toString();
    String base = request.baseUrl() == null || request.baseUrl().isBlank() ? null : request.baseUrl().replaceAll("/+$", "");
    e.put("urls", List.of(base == null ? file : base + "/" + file));
    e.put("created", DateTimeFormatter.ISO_INSTANT.format(request.timestamp()));
    e.put("digest", chart.sha256());
    return new LinkedHashMap<>(e);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, List<Map<String, Object>>> read(Path file, String setting) throws ChartException, IOException {
    if (!Files.isRegularFile(file)) {
      throw new ChartException(setting, file + " does not exist", "point mergeIndex at the repository's current index.yaml");
    }
    if (Files.size(file) > MAX_INDEX) {
      throw new ChartException(setting, file + " is larger than " + (MAX_INDEX >> 20) + " MiB", "check that it is a Helm repository index");
    }
    Object parsed;
    try {
      // Jackson keeps timestamps as the strings Helm wrote (SnakeYAML would turn them into dates).
      parsed = YAML.readValue(Files.readAllBytes(file), Object.class);
    } catch (IOException e) {
      throw new ChartException(setting, file + " is not YAML: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), "point it at a Helm repository index.yaml");
    }
    if (!(parsed instanceof Map<?, ?> root) || !"v1".equals(String.valueOf(root.get("apiVersion"))) || !(root.get("entries") == null || root.get("entries") instanceof Map)) {
      throw new ChartException(setting, file + " is not a Helm repository index (apiVersion v1 with entries)", "point it at a Helm repository index.yaml");
    }
    Map<String, List<Map<String, Object>>> entries = new TreeMap<>();
    Map<?, ?> existing = root.get("entries") == null ? Map.of() : (Map<?, ?>) root.get("entries");
    for (Map.Entry<?, ?> e : existing.entrySet()) {
      if (!(e.getValue() instanceof List<?> list) || !list.stream().allMatch(v -> v instanceof Map)) {
        throw new ChartException(setting, file + ": the entries of '" + e.getKey() + "' are not a list of charts", "point it at a Helm repository index.yaml");
      }
      List<Map<String, Object>> copy = new ArrayList<>();
      for (Object v : list) {
        copy.add(new LinkedHashMap<>(new TreeMap<>((Map<String, Object>) v)));
      }
      entries.put(String.valueOf(e.getKey()), copy);
    }
    return entries;
  }
}
