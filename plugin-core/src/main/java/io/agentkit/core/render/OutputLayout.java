package io.agentkit.core.render;

import io.agentkit.core.spec.AgentSpec;
import java.nio.file.Path;

/** Where each output goes: one directory per agent, so a fleet renders in one build. */
public final class OutputLayout {

  public static final String MANIFESTS_FILE = "manifests.yaml";
  public static final String MANIFESTS_DIRECTORY = "manifests";
  public static final String DEFINITION_FILE = "resource-definition-agent.yaml";
  public static final String HELM_VALUES_FILE = "helm-values.yaml";

  private final Path root;

  /**
   * @param root e.g. {@code target/humanitec-agent}
   */
  public OutputLayout(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path agentDirectory(String agentId) {
    return root.resolve(agentId);
  }

  public Path manifestsFile(AgentSpec spec) {
    return agentDirectory(spec.agentId()).resolve(MANIFESTS_FILE);
  }

  public Path manifestsDirectory(AgentSpec spec) {
    return agentDirectory(spec.agentId()).resolve(MANIFESTS_DIRECTORY);
  }

  /** The guide's file name, {@code aci-humanitec-agent.yaml}, following the installation name. */
  public Path aciFile(AgentSpec spec) {
    return agentDirectory(spec.agentId()).resolve("aci-" + spec.name() + ".yaml");
  }

  /** The chart values of the same configuration as the manifests, for installing the chart instead. */
  public Path helmValuesFile(AgentSpec spec) {
    return agentDirectory(spec.agentId()).resolve(HELM_VALUES_FILE);
  }

  public Path definitionFile(AgentSpec spec) {
    return agentDirectory(spec.agentId()).resolve(DEFINITION_FILE);
  }
}
