package io.agentkit.core.render;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.validate.InvalidOutputException;
import java.io.IOException;
import java.util.List;

/**
 * One render goal, split so that a fleet is rendered and validated whole before any file is
 * written: a bad agent never leaves the others half updated.
 */
public interface AgentRenderer {

  /** Renders and validates one agent's files without writing them. */
  List<OutputFile> render(AgentSpec spec) throws KeyFileException, TemplateException, InvalidOutputException;

  /** Writes files {@link #render} produced and tells the user what to do with them. */
  void write(AgentSpec spec, List<OutputFile> files) throws IOException;
}
