package io.agentkit.core.render;

import io.agentkit.core.BuildLog;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.validate.DefinitionValidator;
import io.agentkit.core.validate.InvalidOutputException;
import java.io.IOException;
import java.util.List;

/** The {@code render-definition} operation: the guide's resource definition of type agent. */
public final class RenderDefinition {

  private final Templates templates;
  private final OutputLayout layout;
  private final BuildLog log;

  public RenderDefinition(Templates templates, OutputLayout layout, BuildLog log) {
    this.templates = templates;
    this.layout = layout;
    this.log = log;
  }

  public OutputFile render(AgentSpec spec) throws TemplateException, InvalidOutputException {
    var file = layout.definitionFile(spec);
    String yaml = templates.render(TemplateNames.DEFINITION, TemplateModels.of(spec, null), List.of());
    DefinitionValidator.validate(yaml, file + " (from " + templates.sourceOf(TemplateNames.DEFINITION) + ")");
    return new OutputFile(file, yaml, false);
  }

  public OutputFile run(AgentSpec spec) throws TemplateException, InvalidOutputException, IOException {
    OutputFile file = render(spec);
    OutputWriter.write(List.of(file), log);
    log.info("Apply with: humctl apply -f " + file.path());
    return file;
  }
}
