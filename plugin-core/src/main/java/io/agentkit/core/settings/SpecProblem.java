package io.agentkit.core.settings;

/** One invalid setting: where, what is wrong, how to fix it. */
public record SpecProblem(String setting, String problem, String fix) {

  @Override
  public String toString() {
    return setting + ": " + problem + (fix == null || fix.isEmpty() ? "" : "; " + fix);
  }
}
