package io.agentkit.core.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Humanitec resource definition that routes resources to this agent. */
public record DefinitionSettings(String id, String name, List<Map<String, String>> criteria) {

  public DefinitionSettings {
    // Insertion order is kept: the rendered rule lists keys as the user wrote them.
    criteria = criteria.stream().map(r -> Collections.unmodifiableMap(new LinkedHashMap<>(r))).toList();
  }
}
