package io.agentkit.core.render;

import java.nio.file.Path;

/** A rendered file, validated and ready to write; {@code secret} when it embeds the private key. */
public record OutputFile(Path path, String content, boolean secret) {
  @Override
  public String toString() {
    return path + (secret ? " (holds the private key)" : "");
  }
}
