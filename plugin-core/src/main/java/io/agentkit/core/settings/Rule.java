package io.agentkit.core.settings;

/**
 * Reads and validates one setting. A rule records every problem on the reader (naming the setting
 * the way the user wrote it) and returns null for a missing or invalid value, so that all problems of
 * a spec are reported at once.
 *
 * @param <T> the validated value's type
 */
@FunctionalInterface
public interface Rule<T> {

  T read(SpecReader reader, String path);
}
