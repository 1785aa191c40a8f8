package io.agentkit.core.lifecycle;

import io.agentkit.core.GoalFailure;

/**
 * A lifecycle goal refuses to go on (a missing confirmation, a key that must not be unlinked, a
 * rotation the API cannot confirm) or cannot (no key yet). The setting is the goal parameter that
 * changes the outcome, e.g. {@code force}.
 */
public final class LifecycleException extends GoalFailure {

  private static final long serialVersionUID = 1L;

  public LifecycleException(String setting, String problem, String fix) {
    super(setting, problem, fix);
  }
}
