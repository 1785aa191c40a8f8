package io.agentkit.core.settings;

/** What settings are resolved for, which decides what is required and what is checked. */
public enum Purpose {
  /** Keys and the resource definition: an agent with its id and organizations. */
  AGENT,
  /** Kubernetes manifests: an agent that will run. */
  KUBERNETES,
  /** An Azure Container Instances group: as KUBERNETES, with a location. */
  ACI,
  /** A chart's value defaults: a chart serves any agent, so there is no agent id, and the organization may come at install time. */
  CHART;

  /** Whether the output runs an agent (so the agent must be able to reach a working orchestrator). */
  public boolean deploys() {
    return this != AGENT;
  }
}
