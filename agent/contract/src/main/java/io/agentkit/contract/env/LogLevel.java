package io.agentkit.contract.env;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Log levels the agent accepts in {@code LOG_LEVEL}, lowest first. */
public enum LogLevel {
  DEBUG,
  INFO,
  WARN,
  ERROR;

  /** Exact, upper-case names only: the guide documents them that way and the agent matches exactly. */
  public static Optional<LogLevel> parse(String value) {
    return Arrays.stream(values()).filter(l -> l.name().equals(value)).findFirst();
  }

  /** "DEBUG, INFO, WARN or ERROR", for error messages. */
  public static String choices() {
    String all = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    int last = all.lastIndexOf(", ");
    return all.substring(0, last) + " or " + all.substring(last + 2);
  }

  /** A hint for a near miss such as "info" or "TRACE". */
  public static String suggestionFor(String value) {
    if (value != null) {
      Optional<LogLevel> upper = parse(value.toUpperCase(Locale.ROOT));
      if (upper.isPresent()) {
        return "use " + upper.get().name() + " (upper case)";
      }
      if ("TRACE".equalsIgnoreCase(value) || "ALL".equalsIgnoreCase(value)) {
        return "use DEBUG, the most detailed level";
      }
      if ("WARNING".equalsIgnoreCase(value)) {
        return "use WARN";
      }
    }
    return "use one of " + choices();
  }
}
