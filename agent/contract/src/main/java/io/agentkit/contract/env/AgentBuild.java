package io.agentkit.contract.env;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Version and image of this build, filtered from the parent POM into {@code build.properties}.
 *
 * <p>The plugin's default image and the agent's "Starting" log line both read it, so the image the
 * manifests name is the image this build produces.
 */
public final class AgentBuild {

  private static final AgentBuild CURRENT = load();

  private final String version;
  private final String imageRepository;
  private final String imageTag;
  private final String buildTimestamp;
  private final String gitSha;

  private AgentBuild(Properties p) {
    this.version = p.getProperty("version");
    this.imageRepository = p.getProperty("image.repository");
    this.imageTag = p.getProperty("image.tag");
    this.buildTimestamp = p.getProperty("build.timestamp");
    this.gitSha = p.getProperty("git.sha");
  }

  public static AgentBuild current() {
    return CURRENT;
  }

  public String version() {
    return version;
  }

  public String imageRepository() {
    return imageRepository;
  }

  public String imageTag() {
    return imageTag;
  }

  /** {@code repository:tag} of the agent image this build produces. */
  public String image() {
    return imageRepository + ":" + imageTag;
  }

  public String buildTimestamp() {
    return buildTimestamp;
  }

  /**
   * Commit the agent was built from: {@code -Dagent.git.sha=$(git rev-parse HEAD)} at build time,
   * {@code unknown} otherwise, so a build without git metadata stays reproducible.
   */
  public String gitSha() {
    return gitSha;
  }

  private static AgentBuild load() {
    Properties p = new Properties();
    try (InputStream in = AgentBuild.class.getResourceAsStream("/io/agentkit/contract/build.properties")) {
      if (in == null) {
        throw new IllegalStateException("build.properties is missing from the agent jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new AgentBuild(p);
  }
}
