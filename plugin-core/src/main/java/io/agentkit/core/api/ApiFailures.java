package io.agentkit.core.api;

import io.agentkit.contract.keys.RsaKeyPolicy;

/** What an HTTP status from the Agent API means for the user, and what to do about it. */
final class ApiFailures {

  static final String TOKEN_SETTING = "apiServerId";

  private ApiFailures() {}

  /**
   * @param server the server's own message, already cleaned and redacted
   * @param where the API's base URL
   */
  static AgentApiException of(ApiCall call, int status, String server, String where, ApiToken token) {
    String problem = call.action() + " failed: HTTP " + status + " from " + where + (server.isEmpty() ? "" : " (\"" + server + "\")");
    String setting = null;
    String fix;
    switch (status) {
      case 400 -> fix = call.keyInBody()
          ? "the Agent API refused the public key: it accepts RSA keys of at least " + RsaKeyPolicy.MIN_BITS
              + " bits as '-----BEGIN PUBLIC KEY-----' PEM; make a new pair with humanitec-agent:generate-keys (or rotate-keys for a registered agent)"
          : "the request was refused as invalid; check agentId and organizations";
      case 401 -> {
        setting = TOKEN_SETTING;
        fix = "the " + token + " was refused: it is missing, wrong or expired; put a valid token into that settings.xml <server> or HUMANITEC_TOKEN";
      }
      case 403 -> {
        setting = TOKEN_SETTING;
        fix = "the " + token + " may not manage agents in organization '" + call.org() + "'; use a token of a user or service user with the Administrator role there";
      }
      case 404 -> fix = call.agent() == null
          ? "organization '" + call.org() + "' does not exist for this API; check organizations"
          : "organization '" + call.org() + "' does not exist, or agent '" + call.agent() + "' is not registered there; check organizations, or run humanitec-agent:register";
      case 409 -> fix = "the key is already linked to another agent in organization '" + call.org() + "'; give each agent its own key pair";
      case 429 -> fix = "the API kept limiting the request rate; wait a minute and run the goal again (raise apiAttempts to wait longer)";
      default -> fix = status >= 500
          ? "the Agent API kept failing; run the goal again later (it is safe to repeat), or check the API's status"
          : status >= 300 && status < 400 ? "redirects are not followed, so the token only ever goes to the configured host; set apiUrl to the API's final address"
          : "unexpected answer; check apiUrl";
    }
    return new AgentApiException(setting, problem, fix, status);
  }

  /** No HTTP answer after every attempt. */
  static AgentApiException unreachable(ApiCall call, String where, Exception cause, int attempts) {
    String why = cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    String problem = call.action() + " failed: no answer from " + where + " after " + attempts + (attempts == 1 ? " attempt" : " attempts") + " (" + why + ")";
    String fix = cause instanceof javax.net.ssl.SSLException
        ? "the TLS handshake failed; if the API uses a private CA, give its certificate with apiCaFile"
        : "check apiUrl and the network; a proxy comes from settings.xml <proxies>";
    return new AgentApiException(ApiEndpoint.URL_SETTING, problem, fix, AgentApiException.NO_ANSWER);
  }

  /** A 2xx answer the goals cannot read. */
  static AgentApiException unreadable(ApiCall call, String where, String what) {
    return new AgentApiException(ApiEndpoint.URL_SETTING, call.action() + ": the answer from " + where + " is not " + what,
        "check that apiUrl points at the Agent API", AgentApiException.NO_ANSWER);
  }
}
