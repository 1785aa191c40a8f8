package io.agentkit.core;

import java.util.ArrayList;
import java.util.List;

/** Keeps every message, to check what users see and that no secret is among it. */
public final class RecordingLog implements BuildLog {

  public final List<String> lines = new ArrayList<>();

  @Override
  public void info(String message) {
    lines.add("INFO " + message);
  }

  @Override
  public void warn(String message) {
    lines.add("WARN " + message);
  }

  @Override
  public void debug(String message) {
    lines.add("DEBUG " + message);
  }

  public String text() {
    return String.join("\n", lines);
  }
}
