package io.agentkit.core;

import io.agentkit.core.render.ManifestLayout;
import io.agentkit.core.settings.SpecInput;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a goal needs, independent of Maven.
 *
 * @param base agent settings from the build configuration (the single agent, or fleet defaults)
 * @param specDirectory directory of per-agent spec files, or null
 * @param selectedAgents ids to process; empty for all
 * @param keysDirectory managed keys, {@code <dir>/<agent-id>/}
 * @param outputDirectory rendered files, {@code <dir>/<agent-id>/}
 * @param templateDirectory user templates replacing bundled ones, or null
 */
public record GoalConfig(
    SpecInput base,
    Path specDirectory,
    List<String> selectedAgents,
    Path keysDirectory,
    Path outputDirectory,
    Path templateDirectory,
    ManifestLayout manifestLayout,
    boolean rotate) {

  public GoalConfig {
    selectedAgents = selectedAgents == null ? List.of() : List.copyOf(selectedAgents);
  }
}
