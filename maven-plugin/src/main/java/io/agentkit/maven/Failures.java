package io.agentkit.maven;

/** A core error as the user configured it: the element, its -D form, the problem and the fix. */
final class Failures {

  private Failures() {}

  /** @param setting the goal parameter at fault, or null when none is */
  static String describe(String setting, String problem, String fix) {
    String fixPart = fix == null || fix.isEmpty() ? "" : "; " + fix;
    return setting == null ? problem + fixPart : "<" + setting + "> (-D" + PropertyNames.property(setting) + "): " + problem + fixPart;
  }
}
