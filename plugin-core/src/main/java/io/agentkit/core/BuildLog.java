package io.agentkit.core;

/**
 * Where the core reports progress. The Maven adapter forwards to the mojo's log; tests record.
 *
 * <p>Callers never pass key material: the core only logs paths, names and fingerprints.
 */
public interface BuildLog {

  void info(String message);

  void warn(String message);

  void debug(String message);

  /** Discards everything. */
  BuildLog NONE =
      new BuildLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void debug(String message) {}
      };
}
