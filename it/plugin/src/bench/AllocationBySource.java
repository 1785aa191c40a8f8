import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a Maven build's heap allocation goes, from a JFR recording of TLAB and outside-TLAB allocation
 * events (plugin-cost.sh records them with small fixed TLABs, so each event stands for a few KiB).
 * Run as a single-file program: {@code java AllocationBySource.java build.jfr [sites]}.
 *
 * <p>Each sample is charged to the first of these found walking its stack from the allocating frame
 * outwards, so class loading the plugin triggers counts as class loading, not as the plugin's work:
 * exception stack traces (Maven's class realms answer most lookups with a ClassNotFoundException),
 * reading class files (URLClassPath), defining classes, other class-loader work, then the plugin's
 * own work (any frame of the plugin's packages) and the rest of the build.
 */
public final class AllocationBySource {

  private static final String PLUGIN = "io.agentkit.";
  private static final Map<String, String> CATEGORIES = new LinkedHashMap<>();

  static {
    CATEGORIES.put("java.lang.Throwable.fillInStackTrace", "exception stack traces");
    CATEGORIES.put("jdk.internal.loader.URLClassPath", "reading class files (URLClassPath)");
    CATEGORIES.put("java.lang.ClassLoader.defineClass", "defining classes");
    CATEGORIES.put("java.lang.ClassLoader.loadClass", "other class-loader work");
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: java AllocationBySource.java RECORDING.jfr [sites]");
      System.exit(2);
    }
    int sites = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Map<String, Long> byCategory = new LinkedHashMap<>();
    CATEGORIES.values().forEach(c -> byCategory.put(c, 0L));
    byCategory.put("the plugin's own work", 0L);
    byCategory.put("the rest of the build", 0L);
    Map<String, Long> bySite = new HashMap<>();
    long total = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      String type = event.getEventType().getName();
      long bytes;
      if (type.equals("jdk.ObjectAllocationInNewTLAB")) {
        bytes = event.getLong("tlabSize");
      } else if (type.equals("jdk.ObjectAllocationOutsideTLAB")) {
        bytes = event.getLong("allocationSize");
      } else {
        continue;
      }
      total += bytes;
      List<RecordedFrame> frames = event.getStackTrace() == null ? List.of() : event.getStackTrace().getFrames();
      String category = null;
      String site = null;
      for (RecordedFrame frame : frames) {
        String method = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
        for (Map.Entry<String, String> c : CATEGORIES.entrySet()) {
          if (category == null && site == null && method.startsWith(c.getKey())) {
            category = c.getValue();
          }
        }
        if (site == null && method.startsWith(PLUGIN)) {
          site = method;
        }
      }
      if (category == null) {
        category = site != null ? "the plugin's own work" : "the rest of the build";
      }
      byCategory.merge(category, bytes, Long::sum);
      if (site != null && category.equals("the plugin's own work")) {
        bySite.merge(site, bytes, Long::sum);
      }
    }
    System.out.printf("%8.1f MB allocated in all%n", total / 1e6);
    byCategory.forEach((category, bytes) -> System.out.printf("%8.1f MB %s%n", bytes / 1e6, category));
    if (sites > 0) {
      System.out.println("the plugin's own work, by the innermost plugin frame:");
      bySite.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(sites)
          .forEach(e -> System.out.printf("%8.2f MB %s%n", e.getValue() / 1e6, e.getKey()));
    }
  }
}
