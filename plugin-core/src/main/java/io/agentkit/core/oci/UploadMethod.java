package io.agentkit.core.oci;

import java.util.Locale;

/** How a chart is uploaded to a Helm HTTP repository. */
public enum UploadMethod {
  /** ChartMuseum's API: {@code POST <origin>/api/<path>/charts} with the .tgz, then {@code POST .../prov} with the .prov. */
  CHARTMUSEUM,
  /** A plain {@code PUT <repository URL>/<chart>-<version>.tgz} (and {@code .tgz.prov}), as Artifactory and Nexus take it. */
  PUT;

  public static UploadMethod parse(String value) throws RegistryException {
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new RegistryException("uploadMethod", "'" + value + "' is not an upload method", "use chartmuseum or put");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
