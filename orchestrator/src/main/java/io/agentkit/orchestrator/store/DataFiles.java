package io.agentkit.orchestrator.store;

import io.agentkit.contract.log.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Files in the orchestrator's data directory. Everything there is private to the orchestrator's
 * user: directories 0700, files created 0600 from their first byte (a temporary file opened with
 * those permissions, never chmod-ed afterwards), written in full, synced, and renamed into place,
 * so a crash leaves either the old or the new content and no reader ever sees a partial file.
 */
public final class DataFiles {

  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final SecureRandom RANDOM = new SecureRandom();

  private DataFiles() {}

  /** Creates {@code dir} (and parents) 0700, or narrows an existing one to 0700. */
  public static void privateDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir.toAbsolutePath().getParent());
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
      } catch (FileAlreadyExistsException e) {
        // Created concurrently; its mode is checked below.
      }
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
    if (!mode.equals(DIRECTORY)) {
      Files.setPosixFilePermissions(dir, DIRECTORY);
      Log.warn("Narrowed the data directory to its owner", "dir", dir, "was", PosixFilePermissions.toString(mode), "now", "rwx------");
    }
  }

  /** Replaces {@code file} atomically with {@code content}, mode 0600. */
  public static void replace(Path file, byte[] content) throws IOException {
    Path tmp = write(file, content);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(file);
  }

  /**
   * Creates {@code file} with {@code content}, mode 0600, only if it does not exist: a secret is
   * never overwritten. Throws {@link FileAlreadyExistsException} otherwise.
   */
  public static void createNew(Path file, byte[] content) throws IOException {
    Path tmp = write(file, content);
    try {
      // A hard link fails when the name exists, where a rename would replace it.
      Files.createLink(file, tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(file);
  }

  private static Path write(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + "." + HexFormat.of().toHexDigits(RANDOM.nextLong()) + ".tmp");
    try (FileChannel c = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(FILE))) {
      ByteBuffer b = ByteBuffer.wrap(content);
      while (b.hasRemaining()) {
        c.write(b);
      }
      c.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }

  /** The rename itself is durable only once the directory is synced. */
  private static void syncDirectory(Path file) throws IOException {
    try (FileChannel d = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      d.force(true);
    }
  }
}
