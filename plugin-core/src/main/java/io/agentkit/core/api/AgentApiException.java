package io.agentkit.core.api;

import io.agentkit.core.GoalFailure;

/**
 * An Agent API call failed, or the API connection is configured wrongly. The message names the
 * organization, the agent, the HTTP status and the server's own message, then the fix; it never
 * holds the token.
 */
public final class AgentApiException extends GoalFailure {

  private static final long serialVersionUID = 1L;

  /** No HTTP answer: the request never got one (network error, bad configuration). */
  public static final int NO_ANSWER = 0;

  private final int status;

  public AgentApiException(String setting, String problem, String fix, int status) {
    super(setting, problem, fix);
    this.status = status;
  }

  /** A configuration problem of the goal parameter {@code setting}. */
  static AgentApiException config(String setting, String problem, String fix) {
    return new AgentApiException(setting, problem, fix, NO_ANSWER);
  }

  /** The HTTP status, or {@link #NO_ANSWER}. */
  public int status() {
    return status;
  }
}
