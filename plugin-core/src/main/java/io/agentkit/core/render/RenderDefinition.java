package io.agentkit.core.render;

import io.agentkit.core.BuildLog;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.validate.DefinitionValidator;
import io.agentkit.core.validate.InvalidOutputException;
import java.io.IOException;
import java.util.List;

/** The {@code render-definition} operation: the guide's resource definition of type agent. */
public final class RenderDefinition implements AgentRenderer {

  private final Templates templates;
  private final OutputLayout layout;
  private final BuildLog log;

  public RenderDefinition(Templates templates, OutputLayout layout, BuildLog log) {
    this.templates = templates;
    this.layout = layout;
    this.log = log;
  }

  @Override
  public List<OutputFile> render(AgentSpec spec) throws TemplateException, InvalidOutputException {
    var file = layout.definitionFile(spec);
    String yaml = templates.render(TemplateNames.DEFINITION, TemplateModels.of(spec, null), List.of());
    DefinitionValidator.validate(yaml, file + " (from " + templates.sourceOf(TemplateNames.DEFINITION) + ")");
    return List.of(new OutputFile(file, yaml, false));
  }

  @Override
  public void write(AgentSpec spec, List<OutputFile> files) throws IOException {
    OutputWriter.write(files, log);
    log.info("Apply with: humctl apply -f " + layout.definitionFile(spec));
  }
}
