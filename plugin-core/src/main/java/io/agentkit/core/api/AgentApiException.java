package io.agentkit.core.api;

/**
 * An Agent API call failed, or the API connection is configured wrongly. The message names the
 * organization, the agent, the HTTP status and the server's own message, then the fix; it never
 * holds the token. {@code setting} names the goal parameter at fault (e.g. {@code apiUrl}) so the
 * Maven adapter can name the element and its {@code -D} form; null when no single one is.
 */
public final class AgentApiException extends Exception {

  private static final long serialVersionUID = 1L;

  /** No HTTP answer: the request never got one (network error, bad configuration). */
  public static final int NO_ANSWER = 0;

  private final String setting;
  private final String problem;
  private final String fix;
  private final int status;

  public AgentApiException(String setting, String problem, String fix, int status) {
    super((setting == null ? "" : setting + ": ") + problem + (fix == null || fix.isEmpty() ? "" : "; " + fix));
    this.setting = setting;
    this.problem = problem;
    this.fix = fix;
    this.status = status;
  }

  /** A configuration problem of the goal parameter {@code setting}. */
  static AgentApiException config(String setting, String problem, String fix) {
    return new AgentApiException(setting, problem, fix, NO_ANSWER);
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

  /** The HTTP status, or {@link #NO_ANSWER}. */
  public int status() {
    return status;
  }
}
