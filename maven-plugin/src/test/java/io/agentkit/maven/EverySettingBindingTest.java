package io.agentkit.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.core.settings.Kind;
import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.settings.SpecInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * Every setting of the table binds from POM XML into the core's input with the value written there.
 * The POM that configures them all is generated from the table into the test's own temporary project
 * directory (the harness's base directory for the test), so no run shares or leaves a file.
 */
@ExtendWith(EverySettingBindingTest.FreshProject.class)
class EverySettingBindingTest {

  @Test
  @InjectMojo(goal = "render-manifests", pom = "pom.xml")
  void everySettingOfTheTableBindsFromThePom(RenderManifestsMojo mojo, Path basedir) throws Exception {
    assertThat(basedir.resolve("pom.xml")).as("the generated POM the mojo was configured from").isRegularFile();
    SpecInput input = mojo.specInput();
    for (Setting<?> s : Settings.ALL) {
      assertThat(input.get(s.path())).as(s.parameter()).isPresent();
      Object raw = input.get(s.path()).get().raw();
      assertThat(normalized(raw, s)).as(s.parameter()).isEqualTo(expected(s));
    }
  }

  /** The example as the core's input holds it after binding: text for scalars, as Maven converts XML text. */
  private static Object expected(Setting<?> s) {
    Object example = s.example();
    return switch (s.kind()) {
      case TEXT, NUMBER, YAML -> String.valueOf(example);
      // Maven resolves a File parameter against the project's base directory; the harness's project is the module.
      case FILE -> Path.of(MojoExtension.getBasedir(), String.valueOf(example)).toString();
      case PROPERTIES, MAP -> new TreeMap<>((Map<?, ?>) example);
      default -> example;
    };
  }

  private static Object normalized(Object raw, Setting<?> s) {
    if (s.kind() == Kind.MAP || s.kind() == Kind.PROPERTIES) {
      return new TreeMap<>((Map<?, ?>) raw);
    }
    if (s.kind() == Kind.CRITERIA) {
      List<Map<Object, Object>> rules = new ArrayList<>();
      ((List<?>) raw).forEach(r -> rules.add(new LinkedHashMap<>((Map<?, ?>) r)));
      return rules;
    }
    return raw;
  }

  /**
   * The plugin testing harness with a fresh temporary base directory per test, holding a POM that
   * configures every setting with its example; a {@code Path} parameter receives that directory. The
   * harness resolves {@code @InjectMojo(pom)} against the base directory, and annotation values are
   * constants, so the directory comes in here. It is deleted after the test.
   */
  static final class FreshProject extends MojoExtension {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FreshProject.class);

    @Override
    protected String getTestBasedir(ExtensionContext context) {
      return context.getStore(NAMESPACE).getOrComputeIfAbsent(Project.class, k -> Project.create(), Project.class).dir().toString();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Path.class || super.supportsParameter(parameter, context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      if (parameter.getParameter().getType() == Path.class) {
        return Path.of(getTestBasedir(context));
      }
      return super.resolveParameter(parameter, context);
    }
  }

  /** A temporary project directory with the every-setting POM, deleted when the test's store closes. */
  private record Project(Path dir) implements AutoCloseable {

    static Project create() {
      try {
        Path dir = Files.createTempDirectory("every-setting-");
        StringBuilder config = new StringBuilder();
        for (Setting<?> s : Settings.ALL) {
          config.append("          ").append(PomXml.element(s)).append('\n');
        }
        Files.writeString(dir.resolve("pom.xml"), PomXml.project(config.toString()));
        return new Project(dir);
      } catch (IOException e) {
        throw new ParameterResolutionException("cannot write the every-setting POM", e);
      }
    }

    @Override
    public void close() throws IOException {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
