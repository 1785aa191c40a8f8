package io.agentkit.it.lifecycle.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Agent processes of one test, as pods of one Deployment would run: same organization, own connection ids. */
public final class Agents implements AutoCloseable {

  private final Orchestrator orchestrator;
  private final Path logs;
  private final String orgs;
  private final int targetPort;
  private final List<Jvm> started = new ArrayList<>();

  public Agents(Orchestrator orchestrator, Path logs, String orgs, int targetPort) {
    this.orchestrator = orchestrator;
    this.logs = logs;
    this.orgs = orgs;
    this.targetPort = targetPort;
  }

  /** The agent's environment from the guide, pointed at the test orchestrator and allowed to reach the echo target. */
  public Map<String, String> env(String connectionId, Path key) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ORGS", orgs);
    env.put("PRIVATE_KEY_FILE", key.toString());
    env.put("CONNECTION_ID", connectionId);
    env.put("TUNNEL_URL", orchestrator.tunnelUrl());
    env.put("TUNNEL_CA_BUNDLE", orchestrator.certificate().toString());
    env.put("ALLOWED_TARGETS", "127.0.0.1:" + targetPort);
    return env;
  }

  public Jvm start(String connectionId, Path key) throws Exception {
    Jvm agent = Jvm.start(connectionId, command(), env(connectionId, key), logs);
    started.add(agent);
    return agent;
  }

  /** {@code agent check} with a key: the troubleshooting command, exits non-zero when the handshake is refused. */
  public Jvm check(String name, Path key) throws Exception {
    List<String> cmd = new ArrayList<>(command());
    cmd.add("check");
    Jvm check = Jvm.start(name, cmd, env(name, key), logs);
    started.add(check);
    return check;
  }

  public List<Jvm> all() {
    return List.copyOf(started);
  }

  private static List<String> command() {
    return List.of(ItEnv.java(), "@" + ItEnv.agentJvmArgs(), "-jar", ItEnv.agentJar().toString());
  }

  /** Stops every process, then reports the first that could not write its log (the others attached). */
  @Override
  public void close() {
    AssertionError failed = null;
    for (Jvm jvm : started) {
      try {
        jvm.close();
      } catch (AssertionError e) {
        if (failed == null) {
          failed = e;
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }
}
