package io.agentkit.maven;

import static io.agentkit.core.spec.SpecPaths.*;

import java.util.Map;

/**
 * User properties of the plugin: every parameter {@code <x>} can be set with {@code -Dhumanitec-agent.x}.
 * Also maps spec paths to parameter names, so that core errors name the element the user wrote.
 */
public final class PropertyNames {

  public static final String PREFIX = "humanitec-agent.";

  /** Spec paths whose POM parameter name differs from the path. */
  private static final Map<String, String> PARAMETER_FOR_PATH =
      Map.ofEntries(
          Map.entry(CPU_REQUEST, "cpuRequest"),
          Map.entry(MEMORY_REQUEST, "memoryRequest"),
          Map.entry(CPU_LIMIT, "cpuLimit"),
          Map.entry(MEMORY_LIMIT, "memoryLimit"),
          Map.entry(ACI_LOCATION, "aciLocation"),
          Map.entry(ACI_CPU, "aciCpu"),
          Map.entry(ACI_MEMORY_IN_GB, "aciMemoryInGB"),
          Map.entry(ACI_RESTART_POLICY, "aciRestartPolicy"),
          Map.entry(ACI_RESOURCE_GROUP, "aciResourceGroup"),
          Map.entry(DEFINITION_ID, "definitionId"),
          Map.entry(DEFINITION_NAME, "definitionName"),
          Map.entry(DEFINITION_CRITERIA, "criteria"));

  private PropertyNames() {}

  /** The POM parameter for a spec path; a path's first segment otherwise (e.g. "extraEnv.FOO" → extraEnv). */
  public static String parameterFor(String path) {
    String direct = PARAMETER_FOR_PATH.get(path);
    if (direct != null) {
      return direct;
    }
    int dot = path.indexOf('.');
    return dot < 0 ? path : parameterFor(path.substring(0, dot));
  }

  public static String property(String parameter) {
    return PREFIX + parameter;
  }
}
