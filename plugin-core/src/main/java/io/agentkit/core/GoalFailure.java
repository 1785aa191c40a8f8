package io.agentkit.core;

/**
 * A goal cannot go on, for a reason the user can fix: what is wrong and how to fix it, and the goal
 * parameter whose value decides it ({@code setting}, e.g. {@code apiUrl} or {@code force}), so the
 * Maven adapter can name the element and its {@code -D} form; null when no single one does.
 */
public abstract class GoalFailure extends Exception {

  private static final long serialVersionUID = 1L;

  private final String setting;
  private final String problem;
  private final String fix;

  protected GoalFailure(String setting, String problem, String fix) {
    super((setting == null ? "" : setting + ": ") + problem + (fix == null || fix.isEmpty() ? "" : "; " + fix));
    this.setting = setting;
    this.problem = problem;
    this.fix = fix;
  }

  /** The goal parameter at fault, or null. */
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
