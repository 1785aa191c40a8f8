package io.agentkit.core.settings;

import java.util.List;
import java.util.stream.Collectors;

/** All problems of a spec at once, so users fix them in one round. */
public final class InvalidSpecException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<SpecProblem> problems;

  public InvalidSpecException(String what, List<SpecProblem> problems) {
    super(format(what, problems));
    this.problems = List.copyOf(problems);
  }

  public List<SpecProblem> problems() {
    return problems;
  }

  private static String format(String what, List<SpecProblem> problems) {
    if (problems.size() == 1) {
      return "Invalid agent spec (" + what + "): " + problems.get(0);
    }
    return "Invalid agent spec (" + what + "), " + problems.size() + " problems:"
        + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
  }
}
