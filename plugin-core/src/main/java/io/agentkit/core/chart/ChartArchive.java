package io.agentkit.core.chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes a chart archive that depends only on the chart's files and the given timestamp: entries
 * sorted by path under {@code <name>/}, regular files only, mode 0644, uid and gid 0 without
 * names, every mtime the build timestamp, and a gzip header without time or file name. Two builds
 * of the same sources give the same bytes (on the same zlib).
 */
public final class ChartArchive {

  private static final int FILE_MODE = 0100644;
  /** Go's gzip writer, which helm uses, marks the OS as unknown. */
  private static final int OS_UNKNOWN = 255;

  private ChartArchive() {}

  /**
   * @param files chart files by relative path, iterated in sorted order
   * @param mtime the timestamp every entry gets
   */
  public static byte[] write(String chartName, Map<String, byte[]> files, Instant mtime) throws IOException {
    GzipParameters gzip = new GzipParameters();
    gzip.setModificationTime(0);
    gzip.setOperatingSystem(OS_UNKNOWN);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes, gzip), "UTF-8")) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Map.Entry<String, byte[]> f : new java.util.TreeMap<>(files).entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(chartName + "/" + f.getKey(), true);
        entry.setMode(FILE_MODE);
        entry.setSize(f.getValue().length);
        entry.setModTime(Date.from(mtime));
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
        tar.putArchiveEntry(entry);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
    return bytes.toByteArray();
  }
}
