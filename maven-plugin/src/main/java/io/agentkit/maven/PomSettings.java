package io.agentkit.maven;

import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.settings.SpecInput;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;

/**
 * The agent settings as Maven bound them, turned into the core's input: files as paths, properties
 * sorted, and the {@code -D} forms of maps and criteria, which Maven cannot bind itself, applied.
 */
final class PomSettings {

  private PomSettings() {}

  /**
   * @param configured each setting's parameter value by spec path, as Maven bound it (null when not configured)
   */
  @SuppressWarnings("unchecked")
  static SpecInput specInput(Map<String, Object> configured, MavenProject project, MavenSession session) throws MojoFailureException {
    UserPropertyForms cli = new UserPropertyForms(session == null ? null : session.getUserProperties());
    PomOrigin origin = new PomOrigin(project.getBasedir().toPath());
    SpecInput in = new SpecInput("plugin configuration of " + project.getArtifactId(), origin);
    for (Setting<?> setting : Settings.ALL) {
      Object value = configured.get(setting.path());
      Object raw = switch (setting.kind()) {
        case FILE -> value == null ? null : ((File) value).getPath();
        case MAP -> cli.map(setting.parameter(), (Map<String, String>) value);
        case PROPERTIES -> cli.map(setting.parameter(), UserPropertyForms.sorted((Properties) value));
        case CRITERIA -> cli.criteria((List<Criterion>) value);
        default -> value;
      };
      in.set(setting.path(), raw, origin);
    }
    return in;
  }
}
