package io.agentkit.core.api;

/**
 * One Agent API request and what it is for, so that every failure can say which organization and
 * agent it concerned.
 *
 * @param action what the goal was doing, e.g. "registering agent 'a' in organization 'o'"
 * @param body JSON, or null
 * @param keyInBody whether the body is a public key the server judges (a 400 is then explained as such)
 */
record ApiCall(String method, String path, String body, String org, String agent, String action, boolean keyInBody) {

  static ApiCall get(String path, String org, String agent, String action) {
    return new ApiCall("GET", path, null, org, agent, action, false);
  }

  static ApiCall delete(String path, String org, String agent, String action) {
    return new ApiCall("DELETE", path, null, org, agent, action, false);
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
