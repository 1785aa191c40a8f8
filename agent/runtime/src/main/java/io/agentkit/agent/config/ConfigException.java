package io.agentkit.agent.config;

/** A variable with a value the agent cannot run with; the agent exits with {@link #EXIT_CODE}. */
public final class ConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Exit code for bad configuration, distinct from crashes (1) so orchestration can tell. */
  public static final int EXIT_CODE = 2;

  private final String variable;

  public ConfigException(String variable, String problem, String fix) {
    super(variable + " " + problem + "; " + fix);
    this.variable = variable;
  }

  public String variable() {
    return variable;
  }
}
