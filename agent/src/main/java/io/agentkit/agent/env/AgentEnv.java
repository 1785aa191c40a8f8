package io.agentkit.agent.env;

import java.util.List;

/**
 * The agent's environment contract: variable names and defaults.
 *
 * <p>This is the one definition the agent reads, the plugin renders into ConfigMaps and ACI files,
 * and the chart tests compare against. The first four come from the installation guide's
 * configuration table; the rest are agent-kit additions.
 */
public final class AgentEnv {

  /** Required. Comma-separated organization ids the agent serves. */
  public static final String ORGS = "ORGS";

  /** Optional. Absolute path of the PEM private key inside the container. */
  public static final String PRIVATE_KEY_FILE = "PRIVATE_KEY_FILE";

  /** Optional. Tells replicas sharing one key apart; the manifests set it to the pod name. */
  public static final String CONNECTION_ID = "CONNECTION_ID";

  /** Optional. One of {@link LogLevel}. */
  public static final String LOG_LEVEL = "LOG_LEVEL";

  /** Optional. WebSocket URL of the orchestrator's tunnel endpoint. */
  public static final String TUNNEL_URL = "TUNNEL_URL";

  public static final String DEFAULT_PRIVATE_KEY_FILE = "/keys/private_key.pem";

  public static final String DEFAULT_TUNNEL_URL = "wss://agent-01.humanitec.io/tunnel";

  public static final LogLevel DEFAULT_LOG_LEVEL = LogLevel.INFO;

  /** Separator of organization ids in {@link #ORGS}. */
  public static final String ORGS_SEPARATOR = ",";

  /** Mode of the mounted key file: 0600, as the guide requires (384 in decimal for Kubernetes). */
  public static final int PRIVATE_KEY_FILE_MODE = 0600;

  /** User and group the agent image runs as; the guide's security context uses the same ids. */
  public static final int RUN_AS_UID = 1000;

  private static final List<String> CONTRACT =
      List.of(ORGS, PRIVATE_KEY_FILE, CONNECTION_ID, LOG_LEVEL, TUNNEL_URL);

  private AgentEnv() {}

  /** Variables with a dedicated setting; extra env must not redefine them. */
  public static List<String> contractVariables() {
    return CONTRACT;
  }

  public static boolean isContractVariable(String name) {
    return CONTRACT.contains(name);
  }
}
