package io.agentkit.core.render;

import io.agentkit.core.BuildLog;
import io.agentkit.core.io.AtomicFiles;
import io.agentkit.core.io.FileMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Writes validated outputs atomically; secret-bearing files get mode 0600 and a warning. */
final class OutputWriter {

  private OutputWriter() {}

  static void write(List<OutputFile> files, BuildLog log) throws IOException {
    for (OutputFile f : files) {
      AtomicFiles.writeReplacing(f.path(), f.content().getBytes(StandardCharsets.UTF_8), f.secret() ? FileMode.OWNER_ONLY : FileMode.PUBLIC);
      if (f.secret()) {
        log.warn(f.path() + " holds the agent's private key (mode 0600): do not commit it; delete it once applied, or for GitOps use secretFormat sealed-secret or external-secret (or existingSecret).");
      } else {
        log.info("Wrote " + f.path());
      }
    }
  }

  /**
   * Deletes {@code *.yaml} files we rendered earlier into {@code dir} that this run did not write, so
   * {@code kubectl apply -f dir} never applies a stale object (such as a Secret after switching to
   * existingSecret). Only our own output directory is touched.
   */
  static void removeStale(Path dir, List<OutputFile> current, BuildLog log) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> keep = current.stream().map(OutputFile::path).toList();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
        if (!keep.contains(p)) {
          Files.delete(p);
          log.info("Removed stale " + p);
        }
      }
    }
  }

  static void removeIfExists(Path file, BuildLog log) throws IOException {
    if (Files.deleteIfExists(file)) {
      log.info("Removed stale " + file);
    }
  }
}
