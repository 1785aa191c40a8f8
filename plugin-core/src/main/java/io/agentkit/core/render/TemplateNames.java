package io.agentkit.core.render;

import java.util.List;

/** Templates in the templates jar; a user's file with the same name replaces one. */
public final class TemplateNames {

  public static final String NAMESPACE = "namespace.yaml.ftl";
  public static final String CONFIG_MAP = "configmap.yaml.ftl";
  public static final String SECRET = "secret.yaml.ftl";
  public static final String SEALED_SECRET = "sealed-secret.yaml.ftl";
  public static final String EXTERNAL_SECRET = "external-secret.yaml.ftl";
  public static final String DEPLOYMENT = "deployment.yaml.ftl";
  public static final String NETWORK_POLICY = "networkpolicy.yaml.ftl";
  public static final String ACI = "aci.yaml.ftl";
  public static final String DEFINITION = "definition.yaml.ftl";

  public static final List<String> ALL = List.of(NAMESPACE, CONFIG_MAP, SECRET, SEALED_SECRET, EXTERNAL_SECRET, DEPLOYMENT, NETWORK_POLICY, ACI, DEFINITION);

  /** Where the bundled templates sit on the classpath. */
  static final String CLASSPATH_BASE = "/io/agentkit/templates";

  private TemplateNames() {}
}
