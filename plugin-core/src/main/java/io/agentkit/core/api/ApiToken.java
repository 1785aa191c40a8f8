package io.agentkit.core.api;

/**
 * The Agent API bearer token and where it came from. Only {@link #source()} is ever printed:
 * {@link #toString()} leaves the value out, so a token cannot slip into a log line by accident.
 */
public final class ApiToken {

  private final String value;
  private final String source;

  /**
   * @param source where the token was found, e.g. "settings.xml server 'humanitec'"
   * @param setting the goal parameter that selects the source, for messages
   */
  public ApiToken(String value, String source, String setting) throws AgentApiException {
    if (value == null || value.isBlank()) {
      throw AgentApiException.config(setting, "the token from " + source + " is empty", "put the Agent API token into it");
    }
    String v = value.strip();
    if (v.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      // Never quote it: even a broken token is a secret.
      throw AgentApiException.config(setting, "the token from " + source + " contains spaces, line breaks or control characters",
          "copy the token again as one line");
    }
    this.value = v;
    this.source = source;
  }

  /** The header value; only {@link AgentApiClient} sends it, only to the API's own host. */
  String bearer() {
    return "Bearer " + value;
  }

  /** Removes the token from text that came back from elsewhere (a server echoing a request). */
  String redact(String text) {
    return text == null ? null : text.replace(value, "[token]");
  }

  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "Agent API token from " + source;
  }
}
