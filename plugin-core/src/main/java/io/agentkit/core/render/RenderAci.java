package io.agentkit.core.render;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.BuildLog;
import io.agentkit.core.keys.AgentKeys;
import io.agentkit.core.keys.KeyPairFiles;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.validate.AciValidator;
import io.agentkit.core.validate.InvalidOutputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The {@code render-aci} operation: the guide's container group YAML, with the key embedded. */
public final class RenderAci implements AgentRenderer {

  static final String PLACEHOLDER_RESOURCE_GROUP = "<resource-group>";

  private final Templates templates;
  private final AgentKeys keys;
  private final OutputLayout layout;
  private final BuildLog log;

  public RenderAci(Templates templates, AgentKeys keys, OutputLayout layout, BuildLog log) {
    this.templates = templates;
    this.keys = keys;
    this.layout = layout;
    this.log = log;
  }

  /**
   * @throws IllegalArgumentException if the spec has no ACI location (the spec builder checks this
   *     for ACI builds, naming the setting)
   */
  @Override
  public List<OutputFile> render(AgentSpec spec) throws KeyFileException, TemplateException, InvalidOutputException {
    if (spec.get(Settings.ACI_LOCATION) == null) {
      throw new IllegalArgumentException("agent " + spec.agentId() + " has no ACI location");
    }
    KeyPairFiles.LoadedKey key = keys.load(spec);
    Path file = layout.aciFile(spec);
    String yaml = templates.render(TemplateNames.ACI, TemplateModels.of(spec, key.pem()), Secrets.of(key.pem()));
    AciValidator.validate(yaml, file + " (from " + templates.sourceOf(TemplateNames.ACI) + ")");
    return List.of(new OutputFile(file, yaml, true));
  }

  @Override
  public void write(AgentSpec spec, List<OutputFile> files) throws IOException {
    OutputWriter.write(files, log);
    String group = spec.get(Settings.ACI_RESOURCE_GROUP) != null ? spec.get(Settings.ACI_RESOURCE_GROUP) : PLACEHOLDER_RESOURCE_GROUP;
    log.info("Create the container group with: az container create --resource-group " + group + " --file " + layout.aciFile(spec));
  }
}
