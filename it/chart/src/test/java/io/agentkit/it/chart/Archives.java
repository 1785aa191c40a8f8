package io.agentkit.it.chart;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Reads a chart archive's entries as "name mode uid gid mtime" lines, to check what makes it reproducible. */
final class Archives {

  private Archives() {}

  static List<String> entries(byte[] tgz) throws Exception {
    List<String> out = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(tgz)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        out.add(e.getName() + " " + Integer.toOctalString(e.getMode()) + " " + e.getLongUserId() + " " + e.getLongGroupId() + " "
            + e.getModTime().toInstant() + " " + e.getUserName() + "|" + e.getGroupName());
      }
    }
    return out;
  }
}
