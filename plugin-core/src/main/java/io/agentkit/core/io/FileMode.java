package io.agentkit.core.io;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The POSIX modes our outputs get. */
public enum FileMode {
  /** Ordinary outputs. */
  PUBLIC("rw-r--r--"),
  /** Private keys and files that embed them. */
  OWNER_ONLY("rw-------");

  private final Set<PosixFilePermission> permissions;

  FileMode(String symbolic) {
    this.permissions = PosixFilePermissions.fromString(symbolic);
  }

  public Set<PosixFilePermission> permissions() {
    return permissions;
  }

  /** 0700: directories holding private keys. */
  public static Set<PosixFilePermission> ownerOnlyDirectory() {
    return PosixFilePermissions.fromString("rwx------");
  }
}
