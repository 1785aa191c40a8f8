package io.agentkit.core.chart;

import java.util.regex.Pattern;

/** Semantic Versioning 2.0.0, which Helm requires of chart versions. */
public final class SemVer {

  private static final Pattern SEMVER = Pattern.compile(
      "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
          + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

  private SemVer() {}

  /** Whether {@code version} is strict SemVer 2.0 ({@code 1.2.3}, {@code 0.1.0-SNAPSHOT}, {@code 1.0.0+build.5}). */
  public static boolean isValid(String version) {
    return version != null && SEMVER.matcher(version).matches();
  }

  /** An OCI tag cannot hold {@code +}; Helm writes {@code _} instead and reads it back. */
  public static String toOciTag(String version) {
    return version.replace('+', '_');
  }
}
