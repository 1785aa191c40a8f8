package io.agentkit.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void createNewNeverOverwritesAndLeavesNoTemporaryFiles() throws Exception {
    Path f = dir.resolve("key.pem");
    AtomicFiles.createNew(f, "one".getBytes(StandardCharsets.UTF_8), FileMode.OWNER_ONLY);
    assertThatThrownBy(() -> AtomicFiles.createNew(f, "two".getBytes(StandardCharsets.UTF_8), FileMode.OWNER_ONLY))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(f).hasContent("one");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    try (var s = Files.list(dir)) {
      assertThat(s.toList()).containsExactly(f);
    }
  }

  @Test
  void writeReplacingReplacesAndAppliesTheMode() throws Exception {
    Path f = dir.resolve("sub/out.yaml");
    AtomicFiles.writeReplacing(f, "a".getBytes(StandardCharsets.UTF_8), FileMode.OWNER_ONLY);
    AtomicFiles.writeReplacing(f, "b".getBytes(StandardCharsets.UTF_8), FileMode.PUBLIC);
    assertThat(f).hasContent("b");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r--r--");
    try (var s = Files.list(f.getParent())) {
      assertThat(s.toList()).containsExactly(f);
    }
  }

  @Test
  void secretDirectoriesAreOwnerOnly() throws Exception {
    Path d = dir.resolve("keys/agent");
    AtomicFiles.createDirectories(d, true);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rwx------");
  }
}
