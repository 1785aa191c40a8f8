package io.agentkit.core.spec;

import java.math.BigDecimal;
import java.util.Optional;

/** Azure Container Instances settings; location is only required when ACI output is rendered. */
public record AciSettings(String location, BigDecimal cpu, BigDecimal memoryInGB, String restartPolicy, String resourceGroup) {

  public Optional<String> locationIfSet() {
    return Optional.ofNullable(location);
  }

  public Optional<String> resourceGroupIfSet() {
    return Optional.ofNullable(resourceGroup);
  }
}
