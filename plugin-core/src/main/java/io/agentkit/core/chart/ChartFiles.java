package io.agentkit.core.chart;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The files of a chart after {@code .helmignore}: relative path (with {@code /}) to content, sorted,
 * so that the archive does not depend on the order a file system lists its entries.
 */
public final class ChartFiles {

  public static final String CHART_YAML = "Chart.yaml";
  public static final String VALUES_YAML = "values.yaml";
  public static final String VALUES_SCHEMA = "values.schema.json";

  /** Where the chart module puts the bundled chart on the class path. */
  static final String BUNDLED_ROOT = "io/agentkit/chart/humanitec-agent/";

  private final String source;
  private final TreeMap<String, byte[]> files;

  private ChartFiles(String source, TreeMap<String, byte[]> files) {
    this.source = source;
    this.files = files;
  }

  /** The humanitec-agent chart that ships with the plugin. */
  public static ChartFiles bundled() throws ChartException, IOException {
    URL chartYaml = ChartFiles.class.getClassLoader().getResource(BUNDLED_ROOT + CHART_YAML);
    if (chartYaml == null) {
      throw new IllegalStateException("the bundled chart is missing from the class path (" + BUNDLED_ROOT + "); the agent-kit-chart jar is not a plugin dependency");
    }
    TreeMap<String, byte[]> all = new TreeMap<>();
    try {
      if (chartYaml.getProtocol().equals("jar")) {
        String spec = chartYaml.getPath();
        Path jar = Path.of(new java.net.URI(spec.substring(0, spec.indexOf("!/"))));
        try (ZipFile zip = new ZipFile(jar.toFile())) {
          for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            if (!entry.isDirectory() && entry.getName().startsWith(BUNDLED_ROOT)) {
              try (InputStream in = zip.getInputStream(entry)) {
                all.put(entry.getName().substring(BUNDLED_ROOT.length()), in.readAllBytes());
              }
            }
          }
        }
      } else {
        // Running from the reactor's target/classes: a plain directory.
        Path root = Path.of(chartYaml.toURI()).getParent();
        return fromDirectory(root, "bundled chart humanitec-agent");
      }
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the bundled chart at " + chartYaml, e);
    }
    HelmIgnore ignore = HelmIgnore.parse(text(all.get(HelmIgnore.FILE_NAME)), "bundled " + HelmIgnore.FILE_NAME);
    all.keySet().removeIf(path -> ignoredWithParents(ignore, path));
    return new ChartFiles("bundled chart humanitec-agent", all);
  }

  /**
   * A chart directory, as {@code helm package} reads it: {@code .helmignore} applied, symbolic
   * links followed.
   *
   * @throws ChartException if it is not a chart directory
   */
  public static ChartFiles fromDirectory(Path dir, String source) throws ChartException, IOException {
    if (!Files.isDirectory(dir)) {
      throw new ChartException("chartDirectory", dir + (Files.exists(dir) ? " is not a directory" : " does not exist"),
          "point it at a Helm chart directory (one holding Chart.yaml), or remove the setting to package the bundled chart");
    }
    if (!Files.isRegularFile(dir.resolve(CHART_YAML))) {
      throw new ChartException("chartDirectory", dir + " holds no Chart.yaml, so it is not a Helm chart",
          "point it at the directory that contains Chart.yaml (helm create makes one), or remove the setting to package the bundled chart");
    }
    Path ignoreFile = dir.resolve(HelmIgnore.FILE_NAME);
    HelmIgnore ignore = HelmIgnore.parse(Files.isRegularFile(ignoreFile) ? Files.readString(ignoreFile) : null, ignoreFile.toString());
    TreeMap<String, byte[]> files = new TreeMap<>();
    Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        return ignore.ignores(relative(dir, d), true) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        String rel = relative(dir, f);
        if (attrs.isRegularFile() && !ignore.ignores(rel, false)) {
          files.put(rel, Files.readAllBytes(f));
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return new ChartFiles(source, files);
  }

  /** Where the chart came from, for messages. */
  public String source() {
    return source;
  }

  public Map<String, byte[]> files() {
    return Collections.unmodifiableMap(files);
  }

  public byte[] get(String path) {
    return files.get(path);
  }

  public String text(String path) {
    return text(files.get(path));
  }

  /** A copy with {@code path} replaced. */
  public ChartFiles with(String path, String content) {
    TreeMap<String, byte[]> copy = new TreeMap<>(files);
    copy.put(path, content.getBytes(StandardCharsets.UTF_8));
    return new ChartFiles(source, copy);
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static String relative(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  /** Jar entries come without their directories, so each parent directory is tested as the walk would. */
  private static boolean ignoredWithParents(HelmIgnore ignore, String path) {
    int slash = -1;
    while ((slash = path.indexOf('/', slash + 1)) > 0) {
      if (ignore.ignores(path.substring(0, slash), true)) {
        return true;
      }
    }
    return ignore.ignores(path, false);
  }
}
