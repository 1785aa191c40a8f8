package io.agentkit.core.spec;

import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.settings.Origin;
import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.settings.SpecInput;
import io.agentkit.core.settings.SpecProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Agent spec files: one YAML document per agent, keys as the paths of the {@link Settings} table. Unknown keys are
 * errors with a "did you mean", so a typo never silently falls back to a default.
 */
public final class SpecFiles {

  /** Keys whose value is a setting's, taken whole (scalar, list or free-form map). */
  private static final List<String> LEAVES = Settings.ALL.stream().map(Setting::path).toList();

  /** Keys that only group settings, such as {@code resources} and {@code aci}. */
  private static final java.util.Set<String> GROUPS = Settings.groups();

  private SpecFiles() {}

  /** The {@code *.yaml} and {@code *.yml} files directly in {@code dir}, by name. */
  public static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    }
  }

  public static SpecInput read(Path file) throws InvalidSpecException, IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String name = file.toString();
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    Node root;
    Object data;
    try {
      root = yaml.compose(new java.io.StringReader(text));
      data = yaml.load(text);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw single(name, "line " + line, "is not valid YAML: " + e.getProblem(), "check indentation and quoting");
    } catch (YAMLException e) {
      throw single(name, "file", "is not valid YAML: " + e.getMessage(), "check indentation and quoting");
    }
    if (!(root instanceof MappingNode) || !(data instanceof Map<?, ?> map)) {
      throw single(name, "file", "must be a YAML mapping of settings, e.g. 'agentId: prod-eu-1'", "see the spec file example in the README");
    }
    Map<String, Integer> lines = new HashMap<>();
    List<SpecProblem> problems = new ArrayList<>();
    collectLines((MappingNode) root, "", lines);
    YamlOrigin origin = new YamlOrigin(file, lines);
    SpecInput input = new SpecInput(name, origin);
    collect(map, "", input, origin, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(name, problems);
    }
    return input;
  }

  private static void collect(Map<?, ?> map, String prefix, SpecInput input, YamlOrigin origin, List<SpecProblem> problems) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String path = prefix + e.getKey();
      if (LEAVES.contains(path)) {
        input.set(path, e.getValue(), origin);
      } else if (GROUPS.contains(path) && e.getValue() instanceof Map<?, ?> group) {
        collect(group, path + ".", input, origin, problems);
      } else if (GROUPS.contains(path)) {
        problems.add(new SpecProblem(origin.describe(path), "expected a mapping", "indent its settings under it"));
      } else {
        problems.add(new SpecProblem(origin.describe(path), "is not a setting", suggestion(path)));
      }
    }
  }

  private static String suggestion(String path) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : allPaths()) {
      int d = distance(path.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    if (best != null && bestDistance <= Math.max(2, path.length() / 4)) {
      return "did you mean '" + best + "'?";
    }
    return "known settings are " + String.join(", ", LEAVES);
  }

  private static List<String> allPaths() {
    List<String> all = new ArrayList<>(LEAVES);
    all.addAll(GROUPS);
    return all;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static void collectLines(MappingNode node, String prefix, Map<String, Integer> lines) {
    for (NodeTuple t : node.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode key) {
        String path = prefix + key.getValue();
        lines.put(path, key.getStartMark().getLine() + 1);
        if (t.getValueNode() instanceof MappingNode child && GROUPS.contains(path)) {
          collectLines(child, path + ".", lines);
        }
      }
    }
  }

  private static InvalidSpecException single(String file, String where, String problem, String fix) {
    return new InvalidSpecException(file, List.of(new SpecProblem(file + " " + where, problem, fix)));
  }

  /** Names settings as "path (file line N)". */
  private record YamlOrigin(Path file, Map<String, Integer> lines) implements Origin {
    @Override
    public String describe(String path) {
      Integer line = lines.get(path);
      return path + " (" + file + (line != null ? " line " + line : "") + ")";
    }

    @Override
    public Path baseDirectory() {
      Path parent = file.toAbsolutePath().getParent();
      return parent != null ? parent : Path.of(".");
    }
  }
}
