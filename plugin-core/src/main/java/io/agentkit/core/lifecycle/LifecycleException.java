package io.agentkit.core.lifecycle;

/**
 * A lifecycle goal refuses to go on (a missing confirmation, a key that must not be unlinked, a
 * rotation the API cannot confirm) or cannot (no key yet). {@code setting} names the goal
 * parameter that changes the outcome, e.g. {@code force}, so the Maven adapter can name its
 * {@code -D} form; null when none does.
 */
public final class LifecycleException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String setting;
  private final String problem;
  private final String fix;

  public LifecycleException(String setting, String problem, String fix) {
    super((setting == null ? "" : setting + ": ") + problem + (fix == null || fix.isEmpty() ? "" : "; " + fix));
    this.setting = setting;
    this.problem = problem;
    this.fix = fix;
  }

  public String setting() {
    return setting;
  }

  public String problem() {
    return problem;
  }

  public String fix() {
    return fix;
  }
}
