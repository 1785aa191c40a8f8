package io.agentkit.maven;

import io.agentkit.core.settings.Origin;
import java.nio.file.Path;

/** Settings from the plugin configuration, named as {@code <element>} with their {@code -D} form. */
final class PomOrigin implements Origin {

  private final Path basedir;

  PomOrigin(Path basedir) {
    this.basedir = basedir;
  }

  @Override
  public String describe(String path) {
    String parameter = PropertyNames.parameterFor(path);
    String detail = path.startsWith(parameter + ".") ? " entry " + path.substring(parameter.length() + 1) : "";
    return "<" + parameter + ">" + detail + " (-D" + PropertyNames.property(parameter) + ")";
  }

  @Override
  public Path baseDirectory() {
    return basedir;
  }
}
