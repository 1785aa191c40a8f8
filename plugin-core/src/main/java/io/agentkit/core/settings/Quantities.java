package io.agentkit.core.settings;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes resource quantities ({@code 250m}, {@code 0.25}, {@code 64Mi}, {@code 1e3}). */
public final class Quantities {

  private static final Pattern QUANTITY =
      Pattern.compile("^([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))((?:[KMGTPE]i)|[numkMGTPE]|[eE][+-]?\\d+)?$");

  private static final Pattern BYTE_UNIT_MISTAKE =
      Pattern.compile("^([0-9.]+)\\s*([kKmMgGtT])(?:[bB]|i[bB]|[iI][bB]?)$");

  private static final Map<String, BigDecimal> MULTIPLIERS =
      Map.ofEntries(
          Map.entry("", BigDecimal.ONE),
          Map.entry("n", new BigDecimal("1e-9")),
          Map.entry("u", new BigDecimal("1e-6")),
          Map.entry("m", new BigDecimal("1e-3")),
          Map.entry("k", new BigDecimal("1e3")),
          Map.entry("M", new BigDecimal("1e6")),
          Map.entry("G", new BigDecimal("1e9")),
          Map.entry("T", new BigDecimal("1e12")),
          Map.entry("P", new BigDecimal("1e15")),
          Map.entry("E", new BigDecimal("1e18")),
          Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
          Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
          Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
          Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
          Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
          Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

  private Quantities() {}

  /** The quantity's value in base units (cores or bytes), or empty if it is not a quantity. */
  public static Optional<BigDecimal> parse(String text) {
    Matcher m = QUANTITY.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    BigDecimal number = new BigDecimal(m.group(1));
    String suffix = m.group(2) == null ? "" : m.group(2);
    if (suffix.startsWith("e") || suffix.startsWith("E")) {
      return Optional.of(number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))));
    }
    return Optional.of(number.multiply(MULTIPLIERS.get(suffix)));
  }

  private static final Map<String, String[]> UNIT_NAMES =
      Map.of(
          "K", new String[] {"Ki", "kibibytes", "k", "kilobytes"},
          "M", new String[] {"Mi", "mebibytes", "M", "megabytes"},
          "G", new String[] {"Gi", "gibibytes", "G", "gigabytes"},
          "T", new String[] {"Ti", "tebibytes", "T", "terabytes"});

  /** A fix for a memory value like {@code 256MB} or {@code 1gb}, or empty if there is no obvious one. */
  static Optional<String> memorySuggestion(String text) {
    Matcher m = BYTE_UNIT_MISTAKE.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    String n = m.group(1);
    String[] u = UNIT_NAMES.get(m.group(2).toUpperCase(java.util.Locale.ROOT));
    return Optional.of("write " + n + u[0] + " (" + u[1] + ") or " + n + u[2] + " (" + u[3] + ")");
  }
}
