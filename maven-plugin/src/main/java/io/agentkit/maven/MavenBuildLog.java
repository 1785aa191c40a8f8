package io.agentkit.maven;

import io.agentkit.core.BuildLog;
import org.apache.maven.plugin.logging.Log;

/** Forwards core messages to the mojo's log. */
final class MavenBuildLog implements BuildLog {

  private final Log log;

  MavenBuildLog(Log log) {
    this.log = log;
  }

  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void warn(String message) {
    log.warn(message);
  }

  @Override
  public void debug(String message) {
    log.debug(message);
  }
}
