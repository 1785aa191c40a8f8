package io.agentkit.core.spec;

/** Container CPU and memory, as Kubernetes quantities written the way the user wrote them. */
public record ResourceRequirements(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {}
