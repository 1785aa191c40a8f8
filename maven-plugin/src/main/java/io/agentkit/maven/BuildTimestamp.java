package io.agentkit.maven;

import io.agentkit.core.chart.ChartException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The timestamp that makes chart archives and OCI manifests reproducible: {@code SOURCE_DATE_EPOCH}
 * when the environment sets it (the reproducible-builds convention lets it override the build), else
 * {@code project.build.outputTimestamp} in either of Maven's forms (ISO-8601 or seconds since the
 * epoch).
 */
final class BuildTimestamp {

  /** Used when neither is set, so the output is still reproducible, if with a meaningless date. */
  static final Instant FALLBACK = Instant.parse("1980-01-01T00:00:00Z");

  private BuildTimestamp() {}

  /** Whether either is set, i.e. {@link #resolve} does not fall back. */
  static boolean isConfigured(String outputTimestamp, String sourceDateEpoch) {
    return sourceDateEpoch != null && !sourceDateEpoch.isBlank() || outputTimestamp != null && outputTimestamp.strip().length() >= 2;
  }

  /** @return the timestamp, or {@link #FALLBACK} when nothing is configured */
  static Instant resolve(String outputTimestamp, String sourceDateEpoch) throws ChartException {
    if (sourceDateEpoch != null && !sourceDateEpoch.isBlank()) {
      try {
        return Instant.ofEpochSecond(Long.parseLong(sourceDateEpoch.strip()));
      } catch (NumberFormatException e) {
        throw new ChartException(null, "SOURCE_DATE_EPOCH='" + sourceDateEpoch + "' is not a number of seconds since 1970", "set it to e.g. $(git log -1 --format=%ct), or unset it");
      }
    }
    // Maven treats a value of one character as "not set" (it is how a parent's timestamp is switched off).
    if (outputTimestamp == null || outputTimestamp.strip().length() < 2) {
      return FALLBACK;
    }
    String v = outputTimestamp.strip();
    try {
      return v.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(v)) : OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new ChartException("outputTimestamp", "'" + v + "' is neither ISO-8601 (2026-01-01T00:00:00Z) nor seconds since 1970",
          "fix project.build.outputTimestamp in the POM");
    }
  }
}
