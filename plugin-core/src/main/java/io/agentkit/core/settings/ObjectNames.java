package io.agentkit.core.settings;

/**
 * Names of the objects an installation consists of, the installation guide's. The templates get them
 * through the model; the chart's {@code _helpers.tpl} defines the same, and a test compares them.
 */
public final class ObjectNames {

  /** The ConfigMap with the agent's environment: {@code <name>-configmap-env}. */
  public static final String CONFIG_MAP_SUFFIX = "-configmap-env";

  /** The Secret with the key: {@code <name>-secret-private-key}. */
  public static final String SECRET_SUFFIX = "-secret-private-key";

  /** Key of the private key inside the Secret the plugin renders. */
  public static final String SECRET_KEY = "private_key";

  /** The volume that carries the key into the container. */
  public static final String KEY_VOLUME = "agentmount";

  /** The app.kubernetes.io/name label: the same for every installation, as in the guide. */
  public static final String APP_NAME = "humanitec-agent";

  /** Labels that select an installation's pods; the Deployment sets them itself. */
  public static final String NAME_LABEL = "app.kubernetes.io/name";

  public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

  private ObjectNames() {}
}
