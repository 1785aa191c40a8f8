package io.agentkit.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that readers see either the old content or the complete new content, never a
 * partial file, and so that a secret file is never readable by others, not even for a moment.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** Writes {@code content} to {@code target}, replacing it atomically if it exists. */
  public static void writeReplacing(Path target, byte[] content, FileMode mode) throws IOException {
    Path tmp = writeTemp(target, content, mode);
    try {
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      applyMode(target, mode);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Writes {@code content} to {@code target}, which must not exist: used for keys, which are never
   * overwritten. A hard link publishes the complete file and fails if the name is taken, so even a
   * concurrent writer cannot be overwritten.
   *
   * @throws FileAlreadyExistsException if {@code target} exists
   */
  public static void createNew(Path target, byte[] content, FileMode mode) throws IOException {
    Path tmp = writeTemp(target, content, mode);
    try {
      try {
        Files.createLink(target, tmp);
      } catch (UnsupportedOperationException | FileSystemException e) {
        if (e instanceof FileAlreadyExistsException exists) {
          throw exists;
        }
        // Filesystems without hard links: a non-replacing move is the next best thing.
        Files.move(tmp, target);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Creates {@code dir} and its parents; a new directory for secrets gets mode 0700. */
  public static void createDirectories(Path dir, boolean ownerOnly) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      if (ownerOnly && isPosix(parent)) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(FileMode.ownerOnlyDirectory()));
        Files.setPosixFilePermissions(dir, FileMode.ownerOnlyDirectory());
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }

  public static boolean isPosix(Path anyPathOnTheFileSystem) {
    return anyPathOnTheFileSystem.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** The file's POSIX permissions, or {@code null} where the filesystem has none. */
  public static Set<PosixFilePermission> modeOf(Path file) throws IOException {
    return isPosix(file) ? Files.getPosixFilePermissions(file) : null;
  }

  private static Path writeTemp(Path target, byte[] content, FileMode mode) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp;
    if (isPosix(dir)) {
      // Created with the final mode, so a secret is never briefly world-readable.
      FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(mode.permissions());
      tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attr);
    } else {
      tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    applyMode(tmp, mode);
    return tmp;
  }

  private static void applyMode(Path file, FileMode mode) throws IOException {
    if (isPosix(file)) {
      // The umask may have narrowed the creation mode; public outputs should still be 0644.
      Files.setPosixFilePermissions(file, mode.permissions());
    }
  }
}
