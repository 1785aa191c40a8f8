package io.agentkit.core.chart;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What a Maven {@code -SNAPSHOT} version becomes as a chart version. {@code keep} leaves it (a valid
 * SemVer pre-release); {@code timestamp} replaces {@code SNAPSHOT} with the build timestamp
 * ({@code 2.3.0-SNAPSHOT} → {@code 2.3.0-20261123154500}, UTC), so each build gets its own tag in
 * registries that refuse to overwrite one, and the same {@code outputTimestamp} gives the same
 * version. Pre-releases sort by that number, below the release.
 */
public final class SnapshotVersions {

  public static final String KEEP = "keep";
  public static final String TIMESTAMP = "timestamp";

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private SnapshotVersions() {}

  /**
   * @param mode {@code keep} or {@code timestamp}
   * @return the version to package; unchanged unless it ends with {@code -SNAPSHOT} and mode is timestamp
   */
  public static String apply(String version, String mode, Instant timestamp) throws ChartException {
    String m = mode == null ? KEEP : mode.strip().toLowerCase(Locale.ROOT);
    if (!m.equals(KEEP) && !m.equals(TIMESTAMP)) {
      throw new ChartException("snapshotVersions", "'" + mode + "' is not a snapshot version mode", "use keep (default) or timestamp");
    }
    if (version == null || !m.equals(TIMESTAMP) || !version.endsWith("-SNAPSHOT")) {
      return version;
    }
    return version.substring(0, version.length() - "SNAPSHOT".length()) + FORMAT.format(timestamp);
  }
}
