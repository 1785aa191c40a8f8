package io.agentkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core's layering (the Jib way): plain Java that tests and tools drive without Maven, and chart
 * packaging and OCI publishing that know nothing about agents, so a goal that publishes a chart needs
 * no agent settings.
 */
class ArchitectureTest {

  private static final Path CORE = Path.of("src/main/java/io/agentkit/core");

  @Test
  void coreImportsNothingFromMaven() throws IOException {
    assertThat(importsMatching(CORE, "org.apache.maven", "org.codehaus.plexus", "org.eclipse.aether")).isEmpty();
  }

  @Test
  void chartAndOciCodeDoNotKnowAboutAgents() throws IOException {
    List<String> agentPackages = List.of("io.agentkit.core.spec", "io.agentkit.core.settings", "io.agentkit.core.render",
        "io.agentkit.core.keys", "io.agentkit.core.validate", "io.agentkit.core.Goals", "io.agentkit.core.Fleet", "io.agentkit.core.GoalConfig",
        "io.agentkit.contract.keys");
    for (String pkg : List.of("chart", "oci")) {
      assertThat(importsMatching(CORE.resolve(pkg), agentPackages.toArray(String[]::new))).as(pkg).isEmpty();
    }
  }

  /** "file: import" for every import (static or not) of the given prefixes under {@code dir}. */
  private static List<String> importsMatching(Path dir, String... prefixes) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        for (String line : lines(f)) {
          String imported = line.replaceFirst("^import (static )?", "");
          if (line.startsWith("import ") && Stream.of(prefixes).anyMatch(imported::startsWith)) {
            found.add(f + ": " + line);
          }
        }
      }
    }
    return found;
  }

  private static List<String> lines(Path f) {
    try {
      return Files.readAllLines(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
