package io.agentkit.core.render;

import java.util.Locale;
import java.util.Optional;

/** How render-manifests lays out its objects. */
public enum ManifestLayout {
  /** One multi-document file in apply order, like the guide's heredoc. */
  SINGLE_FILE,
  /** One file per object, numbered in apply order. */
  FILE_PER_OBJECT;

  /** Accepts {@code single-file} / {@code file-per-object} (and the enum names). */
  public static Optional<ManifestLayout> parse(String value) {
    String v = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (ManifestLayout l : values()) {
      if (l.name().equals(v)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  public String externalName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
