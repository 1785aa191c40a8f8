package io.agentkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core is plain Java: tests and other tools drive it without Maven (the Jib layering). */
class ArchitectureTest {

  @Test
  void coreImportsNothingFromMaven() throws Exception {
    Path core = Path.of("src/main/java/io/agentkit/core");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(core)) {
      offenders = files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> {
            try {
              return Files.readAllLines(f).stream().anyMatch(l -> l.startsWith("import org.apache.maven") || l.startsWith("import org.codehaus.plexus"));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .map(Path::toString)
          .toList();
    }
    assertThat(offenders).isEmpty();
  }
}
