package io.agentkit.core;

import io.agentkit.core.settings.InvalidSpecException;
import io.agentkit.core.settings.Origin;
import io.agentkit.core.settings.SpecInput;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.spec.SpecBuilder;
import java.nio.file.Path;
import java.util.Map;

/** Builds specs in tests from path → value pairs, as a POM or spec file would supply them. */
public final class Specs {

  public static final String TEST_IMAGE = "ghcr.io/agent-kit/humanitec-agent:test";

  /** Names settings as "setting x" so tests can assert on which setting an error names. */
  public static final Origin ORIGIN =
      new Origin() {
        @Override
        public String describe(String path) {
          return "setting " + path;
        }

        @Override
        public Path baseDirectory() {
          return Path.of(".").toAbsolutePath();
        }
      };

  private Specs() {}

  public static SpecInput input(Object... pathsAndValues) {
    SpecInput in = new SpecInput("test spec", ORIGIN);
    for (int i = 0; i < pathsAndValues.length; i += 2) {
      in.set((String) pathsAndValues[i], pathsAndValues[i + 1], ORIGIN);
    }
    return in;
  }

  public static AgentSpec spec(Object... pathsAndValues) throws InvalidSpecException {
    return new SpecBuilder(TEST_IMAGE).build(input(pathsAndValues));
  }

  public static AgentSpec aciSpec(Object... pathsAndValues) throws InvalidSpecException {
    return new SpecBuilder(TEST_IMAGE).buildForAci(input(pathsAndValues));
  }

  public static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
