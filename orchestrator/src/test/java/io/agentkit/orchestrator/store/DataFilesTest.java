package io.agentkit.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFilesTest {

  @TempDir
  Path dir;

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void theDataDirectoryIsTheOwnersOnly() throws Exception {
    Path data = dir.resolve("a/b/data");
    DataFiles.privateDirectory(data);
    assertThat(mode(data)).isEqualTo("rwx------");
    Path existing = Files.createDirectory(dir.resolve("existing"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    DataFiles.privateDirectory(existing);
    assertThat(mode(existing)).isEqualTo("rwx------");
  }

  @Test
  void secretsAreCreatedOwnerOnlyAndNeverOverwritten() throws Exception {
    Path token = dir.resolve("api-token");
    DataFiles.createNew(token, "first".getBytes(StandardCharsets.US_ASCII));
    assertThat(mode(token)).isEqualTo("rw-------");
    assertThatThrownBy(() -> DataFiles.createNew(token, "second".getBytes(StandardCharsets.US_ASCII))).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(token)).isEqualTo("first");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).as("no temporary file is left behind").containsExactly(token);
    }
  }

  @Test
  void replacingKeepsTheModeAndLeavesNoTemporaryFile() throws Exception {
    Path store = dir.resolve("store.json");
    DataFiles.replace(store, "{}".getBytes(StandardCharsets.US_ASCII));
    DataFiles.replace(store, "{\"a\":1}".getBytes(StandardCharsets.US_ASCII));
    assertThat(Files.readString(store)).isEqualTo("{\"a\":1}");
    assertThat(mode(store)).isEqualTo("rw-------");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).containsExactly(store);
    }
  }
}
