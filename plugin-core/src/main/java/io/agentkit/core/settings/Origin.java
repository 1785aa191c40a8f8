package io.agentkit.core.settings;

import java.nio.file.Path;

/**
 * Where a setting came from, so that an error names it the way the user wrote it: a POM parameter
 * with its {@code -D} form, or a key in a spec file with its line.
 */
public interface Origin {

  /** How the user refers to the setting at {@code path} (a spec path such as {@code resources.limits.memory}). */
  String describe(String path);

  /** The directory relative file paths in this origin resolve against. */
  Path baseDirectory();
}
