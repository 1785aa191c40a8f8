package io.agentkit.core.settings;

/** When a setting's value is decided. */
public enum Stage {
  /** At build time: it is written into the rendered files and the chart's value defaults. */
  RENDER,
  /**
   * When Helm installs the chart ({@code --namespace}, {@code --set-file humanitec.privateKey=...}):
   * package-chart reports it instead of packaging it.
   */
  INSTALL
}
