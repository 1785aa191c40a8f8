package io.agentkit.contract.env;

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

  /**
   * Optional. PEM file of CA certificates trusted for the tunnel's TLS instead of the JVM's default
   * trust store: for an orchestrator with a private or self-signed certificate.
   */
  public static final String TUNNEL_CA_BUNDLE = "TUNNEL_CA_BUNDLE";

  /**
   * Optional. Comma-separated {@code host:port} patterns the orchestrator may open streams to:
   * {@code *} for any host or port, {@code *.svc.cluster.local:443}, {@code 10.0.0.0/8:*},
   * {@code db:5432}, {@code api:8000-8099}, {@code 10.1.2.3:443}, {@code [fd00::1]:443}. Addresses in
   * {@link #RESTRICTED_TARGETS} are refused unless a pattern names them explicitly.
   */
  public static final String ALLOWED_TARGETS = "ALLOWED_TARGETS";

  /** Optional. Seconds in-flight streams get to finish after SIGTERM before the agent exits. */
  public static final String SHUTDOWN_GRACE_SECONDS = "SHUTDOWN_GRACE_SECONDS";

  /**
   * Standard proxy variables, honoured in either case as curl does: the tunnel connects through
   * {@code HTTPS_PROXY} with CONNECT unless the orchestrator's host matches {@code NO_PROXY}.
   */
  public static final String HTTPS_PROXY = "HTTPS_PROXY";

  public static final String NO_PROXY = "NO_PROXY";

  public static final String DEFAULT_PRIVATE_KEY_FILE = "/keys/private_key.pem";

  public static final String DEFAULT_TUNNEL_URL = "wss://agent-01.humanitec.io/tunnel";

  public static final LogLevel DEFAULT_LOG_LEVEL = LogLevel.INFO;

  /**
   * Any target but the {@link #RESTRICTED_TARGETS}: the guide's agent forwards wherever the
   * orchestrator asks, and users expect that of any address in their network.
   */
  public static final String DEFAULT_ALLOWED_TARGETS = "*";

  /**
   * Address ranges no wildcard reaches: loopback ({@code 127.0.0.0/8}, {@code ::1}), link-local
   * ({@code 169.254.0.0/16} with the cloud metadata endpoint {@code 169.254.169.254},
   * {@code fe80::/10}) and unspecified ({@code 0.0.0.0/8}, {@code ::}). They are the agent's own
   * host and its cloud credentials rather than the customer's network. The agent checks the
   * address a name resolves to (IPv4-mapped IPv6 as the IPv4 address it carries), so no name
   * resolves around them; an {@link #ALLOWED_TARGETS} entry that names them (a range or address
   * containing the address, or the exact host name) allows them again.
   */
  public static final List<String> RESTRICTED_TARGETS = List.of("127.0.0.0/8", "::1/128", "169.254.0.0/16", "fe80::/10", "0.0.0.0/8", "::/128");

  /** Below Kubernetes' default 30 s termination grace period, so the agent exits before SIGKILL. */
  public static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 25;

  /** Separator of organization ids in {@link #ORGS}. */
  public static final String ORGS_SEPARATOR = ",";

  /** Mode of the mounted key file: 0600, as the guide requires (384 in decimal for Kubernetes). */
  public static final int PRIVATE_KEY_FILE_MODE = 0600;

  /** User and group the agent image runs as; the guide's security context uses the same ids. */
  public static final int RUN_AS_UID = 1000;

  private AgentEnv() {}
}
