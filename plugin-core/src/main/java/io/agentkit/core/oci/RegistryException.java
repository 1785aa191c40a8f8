package io.agentkit.core.oci;

import io.agentkit.core.chart.ChartException;

/** The registry refused or could not be reached; the message says which credentials were tried and how to fix it. */
public final class RegistryException extends ChartException {

  private static final long serialVersionUID = 1L;

  public RegistryException(String setting, String problem, String fix) {
    super(setting, problem, fix);
  }
}
