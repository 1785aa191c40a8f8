package io.agentkit.core;

import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.settings.Purpose;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.settings.SpecInput;
import io.agentkit.core.settings.SpecProblem;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.spec.SpecBuilder;
import io.agentkit.core.spec.SpecFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agents a build renders: the one configured in the POM, or one per spec file with the POM's
 * settings as fleet-wide defaults.
 */
public final class Fleet {

  private Fleet() {}

  /**
   * @param base settings from the build configuration
   * @param specDirectory directory of spec files, or null
   * @param selected agent ids to keep (empty: all)
   * @param purpose what the agents are built for, which decides what is required
   */
  public static List<AgentSpec> load(SpecInput base, Path specDirectory, List<String> selected, SpecBuilder builder, Purpose purpose)
      throws InvalidSpecException, IOException {
    List<SpecInput> inputs = new ArrayList<>();
    if (specDirectory != null) {
      if (!Files.isDirectory(specDirectory)) {
        throw problem(base, "specDirectory", "directory " + specDirectory + " does not exist", "create it with one YAML file per agent, or remove the setting");
      }
      List<Path> files = SpecFiles.list(specDirectory);
      if (files.isEmpty()) {
        throw problem(base, "specDirectory", specDirectory + " contains no .yaml or .yml spec files", "add one file per agent, e.g. prod-eu.yaml with 'agentId: prod-eu'");
      }
      if (base.isSet(Settings.AGENT_ID.path())) {
        throw problem(base, Settings.AGENT_ID.path(),
            "is set in the build configuration while spec files in " + specDirectory + " define the agents",
            "move the agent into a spec file, or remove specDirectory");
      }
      List<InvalidSpecException> failures = new ArrayList<>();
      for (Path file : files) {
        try {
          inputs.add(base.overlay(SpecFiles.read(file)));
        } catch (InvalidSpecException e) {
          failures.add(e);
        }
      }
      throwAll(failures);
    } else {
      inputs.add(base);
    }

    Map<String, AgentSpec> byId = new LinkedHashMap<>();
    List<InvalidSpecException> failures = new ArrayList<>();
    for (SpecInput input : inputs) {
      try {
        AgentSpec spec = builder.build(input, purpose);
        AgentSpec clash = byId.putIfAbsent(spec.agentId(), spec);
        if (clash != null) {
          failures.add(new InvalidSpecException(spec.source(), List.of(new SpecProblem(input.originOf(Settings.AGENT_ID.path()).describe(Settings.AGENT_ID.path()),
              "'" + spec.agentId() + "' is also the agent id in " + clash.source(), "give every agent its own id"))));
        }
      } catch (InvalidSpecException e) {
        failures.add(e);
      }
    }
    throwAll(failures);
    return select(byId, selected, base);
  }

  private static List<AgentSpec> select(Map<String, AgentSpec> byId, List<String> selected, SpecInput base) throws InvalidSpecException {
    if (selected == null || selected.isEmpty()) {
      return List.copyOf(byId.values());
    }
    List<AgentSpec> out = new ArrayList<>();
    for (String id : selected) {
      AgentSpec spec = byId.get(id);
      if (spec == null) {
        throw problem(base, "agents", "'" + id + "' is not among the configured agents " + byId.keySet(), "use one of those ids");
      }
      out.add(spec);
    }
    return out;
  }

  private static void throwAll(List<InvalidSpecException> failures) throws InvalidSpecException {
    if (failures.size() == 1) {
      throw failures.get(0);
    }
    if (!failures.isEmpty()) {
      List<SpecProblem> all = new ArrayList<>();
      failures.forEach(f -> all.addAll(f.problems()));
      throw new InvalidSpecException(failures.size() + " agent specs", all);
    }
  }

  private static InvalidSpecException problem(SpecInput base, String setting, String problem, String fix) {
    return new InvalidSpecException(base.name(), List.of(new SpecProblem(base.origin().describe(setting), problem, fix)));
  }
}
