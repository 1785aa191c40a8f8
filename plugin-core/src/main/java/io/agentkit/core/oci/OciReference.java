package io.agentkit.core.oci;

import java.util.regex.Pattern;

/**
 * Where a chart goes: {@code oci://host[:port]/path} as given to {@code helm push}, plus the chart
 * name and version, which make the repository {@code path/name} and the tag.
 *
 * @param registry {@code host[:port]}
 * @param namespace path below the host, possibly empty
 */
public record OciReference(String registry, String namespace) {

  public static final String SCHEME = "oci://";

  private static final Pattern REGISTRY = Pattern.compile("^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?$");
  private static final Pattern PATH_COMPONENT = Pattern.compile("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$");

  /**
   * @throws RegistryException naming {@code setting} when the reference is not {@code oci://host[:port][/path]}
   */
  public static OciReference parse(String reference, String setting) throws RegistryException {
    String fix = "write oci://host[:port]/path, e.g. oci://ghcr.io/my-org/charts (the chart name and version are added), or the https:// URL of a Helm HTTP repository";
    if (reference == null || reference.isBlank()) {
      throw new RegistryException(setting, "is required: it names the OCI registry to push the chart to", fix);
    }
    if (!reference.startsWith(SCHEME)) {
      throw new RegistryException(setting, "'" + reference + "' does not start with " + SCHEME, fix);
    }
    String rest = reference.substring(SCHEME.length());
    while (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    int slash = rest.indexOf('/');
    String registry = slash < 0 ? rest : rest.substring(0, slash);
    String namespace = slash < 0 ? "" : rest.substring(slash + 1);
    if (!REGISTRY.matcher(registry).matches()) {
      throw new RegistryException(setting, "'" + registry + "' in '" + reference + "' is not a registry host[:port]", fix);
    }
    if (registry.contains("@") || namespace.contains(":") || namespace.contains("@")) {
      throw new RegistryException(setting, "'" + reference + "' carries a tag or digest", "leave them out: the chart version becomes the tag");
    }
    if (!namespace.isEmpty()) {
      for (String component : namespace.split("/")) {
        if (!PATH_COMPONENT.matcher(component).matches()) {
          throw new RegistryException(setting, "'" + component + "' in '" + reference + "' is not a valid repository path component",
              "use lowercase letters, digits and single separators . _ -");
        }
      }
    }
    return new OciReference(registry, namespace);
  }

  /** The repository of a chart: {@code namespace/name}. */
  public String repository(String chartName) {
    return namespace.isEmpty() ? chartName : namespace + "/" + chartName;
  }

  /** The reference as given, {@code oci://host[:port]/path}. */
  @Override
  public String toString() {
    return SCHEME + registry + (namespace.isEmpty() ? "" : "/" + namespace);
  }
}
