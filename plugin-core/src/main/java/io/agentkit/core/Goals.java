package io.agentkit.core;

import io.agentkit.contract.env.AgentBuild;
import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.keys.AgentKeys;
import io.agentkit.core.keys.GenerateKeys;
import io.agentkit.core.keys.KeyLocations;
import io.agentkit.core.render.AgentRenderer;
import io.agentkit.core.render.ManifestLayout;
import io.agentkit.core.render.OutputFile;
import io.agentkit.core.render.OutputLayout;
import io.agentkit.core.render.RenderAci;
import io.agentkit.core.render.RenderDefinition;
import io.agentkit.core.render.RenderManifests;
import io.agentkit.core.render.TemplateException;
import io.agentkit.core.render.Templates;
import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.settings.Purpose;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.spec.SpecBuilder;
import io.agentkit.core.validate.InvalidOutputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugin's goals as plain Java: each mojo maps its parameters to a {@link GoalConfig} and makes
 * one call here. Tests drive the same entry points without Maven.
 */
public final class Goals {

  private final GoalConfig config;
  private final BuildLog log;

  public Goals(GoalConfig config, BuildLog log) {
    this.config = config;
    this.log = log;
  }

  public List<GenerateKeys.Result> generateKeys() throws InvalidSpecException, KeyFileException, IOException {
    GenerateKeys op = new GenerateKeys(new KeyLocations(config.keysDirectory()), log);
    OutputLayout layout = new OutputLayout(config.outputDirectory());
    List<GenerateKeys.Result> results = new ArrayList<>();
    for (AgentSpec spec : specs(Purpose.AGENT)) {
      results.add(op.run(spec, layout.agentDirectory(spec.agentId()), config.rotate()));
    }
    return results;
  }

  public List<OutputFile> renderManifests() throws InvalidSpecException, KeyFileException, TemplateException, InvalidOutputException, IOException {
    return renderThenWrite(specs(Purpose.KUBERNETES),
        new RenderManifests(templates(), keys(), new OutputLayout(config.outputDirectory()), config.manifestLayout(), log));
  }

  public List<OutputFile> renderAci() throws InvalidSpecException, KeyFileException, TemplateException, InvalidOutputException, IOException {
    return renderThenWrite(specs(Purpose.ACI), new RenderAci(templates(), keys(), new OutputLayout(config.outputDirectory()), log));
  }

  public List<OutputFile> renderDefinition() throws InvalidSpecException, KeyFileException, TemplateException, InvalidOutputException, IOException {
    return renderThenWrite(specs(Purpose.AGENT), new RenderDefinition(templates(), new OutputLayout(config.outputDirectory()), log));
  }

  /** Every agent rendered and validated before the first file is written, so a fleet is never half updated. */
  private static List<OutputFile> renderThenWrite(List<AgentSpec> specs, AgentRenderer renderer)
      throws KeyFileException, TemplateException, InvalidOutputException, IOException {
    Map<AgentSpec, List<OutputFile>> rendered = new LinkedHashMap<>();
    for (AgentSpec spec : specs) {
      rendered.put(spec, renderer.render(spec));
    }
    List<OutputFile> all = new ArrayList<>();
    for (Map.Entry<AgentSpec, List<OutputFile>> e : rendered.entrySet()) {
      renderer.write(e.getKey(), e.getValue());
      all.addAll(e.getValue());
    }
    return all;
  }

  /** The validated agents of this build. */
  public List<AgentSpec> specs(Purpose purpose) throws InvalidSpecException, IOException {
    SpecBuilder builder = new SpecBuilder(AgentBuild.current().image());
    List<AgentSpec> specs = Fleet.load(config.base(), config.specDirectory(), config.selectedAgents(), builder, purpose);
    for (AgentSpec spec : specs) {
      spec.notes().forEach(note -> log.warn(note));
    }
    return specs;
  }

  private Templates templates() throws TemplateException, IOException {
    if (config.templateDirectory() == null) {
      return Templates.bundled();
    }
    Templates t = Templates.withOverrides(config.templateDirectory());
    t.overridden().forEach(n -> log.info("Using your template " + config.templateDirectory().resolve(n)));
    t.unknownFiles().forEach(n -> log.warn(config.templateDirectory().resolve(n) + " replaces no template (known names: "
        + String.join(", ", io.agentkit.core.render.TemplateNames.ALL) + "); check its name"));
    return t;
  }

  private AgentKeys keys() {
    return new AgentKeys(new KeyLocations(config.keysDirectory()));
  }
}
