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

  /** SemVer 2.0 precedence (build metadata ignored); versions that are not SemVer sort by their text, before all others. */
  public static int compare(String a, String b) {
    java.util.regex.Matcher x = SEMVER.matcher(a);
    java.util.regex.Matcher y = SEMVER.matcher(b);
    if (!x.matches() || !y.matches()) {
      return x.matches() ? 1 : y.matches() ? -1 : a.compareTo(b);
    }
    for (int i = 1; i <= 3; i++) {
      int c = new java.math.BigInteger(x.group(i)).compareTo(new java.math.BigInteger(y.group(i)));
      if (c != 0) {
        return c;
      }
    }
    String pa = x.group(4);
    String pb = y.group(4);
    if (pa == null || pb == null) {
      return pa == null ? (pb == null ? 0 : 1) : -1;
    }
    String[] ia = pa.split("\\.");
    String[] ib = pb.split("\\.");
    for (int i = 0; i < Math.min(ia.length, ib.length); i++) {
      boolean na = ia[i].matches("\\d+");
      boolean nb = ib[i].matches("\\d+");
      int c = na && nb ? new java.math.BigInteger(ia[i]).compareTo(new java.math.BigInteger(ib[i])) : na ? -1 : nb ? 1 : ia[i].compareTo(ib[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(ia.length, ib.length);
  }

  /** An OCI tag cannot hold {@code +}; Helm writes {@code _} instead and reads it back. */
  public static String toOciTag(String version) {
    return version.replace('+', '_');
  }
}
