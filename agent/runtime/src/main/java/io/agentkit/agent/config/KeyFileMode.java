package io.agentkit.agent.config;

import io.agentkit.contract.env.AgentEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** The guide's rule for the mounted key: mode 0600, nothing for group or others. */
public final class KeyFileMode {

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private KeyFileMode() {}

  /** A sentence about what is too open, or null when the mode is fine or cannot be read. */
  public static String problem(Path keyFile) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
      Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
      open.addAll(perms);
      open.retainAll(GROUP_OR_OTHERS);
      if (open.isEmpty()) {
        return null;
      }
      return keyFile + " has mode " + PosixFilePermissions.toString(perms) + ", accessible to group or others; the guide requires "
          + String.format("0%o", AgentEnv.PRIVATE_KEY_FILE_MODE) + " (Kubernetes: items mode 384 in the secret volume; locally: chmod 600 " + keyFile + ")";
    } catch (UnsupportedOperationException | IOException e) {
      return null;
    }
  }
}
