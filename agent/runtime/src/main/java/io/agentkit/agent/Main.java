package io.agentkit.agent;

import io.agentkit.agent.check.CheckCommand;
import io.agentkit.agent.config.AgentConfig;
import io.agentkit.agent.config.ConfigException;
import io.agentkit.agent.config.KeyFileMode;
import io.agentkit.contract.env.AgentBuild;
import io.agentkit.contract.env.LogLevel;
import io.agentkit.contract.log.Log;
import io.agentkit.agent.connection.TunnelClient;
import java.time.Instant;

/** {@code agent} runs the tunnel; {@code agent check} diagnoses connectivity and exits. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("check")) {
      System.exit(CheckCommand.run(System.getenv(), System.out));
    }
    if (args.length > 0) {
      System.err.println("usage: agent [check]   (configuration comes from the environment: ORGS, PRIVATE_KEY_FILE, CONNECTION_ID, LOG_LEVEL, TUNNEL_URL, ...)");
      System.exit(ConfigException.EXIT_CODE);
    }
    AgentConfig config;
    try {
      config = AgentConfig.fromEnv(System.getenv());
    } catch (ConfigException e) {
      exitWithConfigError(e);
      return;
    }
    Log.setLevel(config.logLevel());
    AgentBuild build = AgentBuild.current();
    Log.info("Starting", "app", "agent-client", "version", build.version(), "build", build.buildTimestamp(), "sha", build.gitSha());
    String mode = KeyFileMode.problem(config.privateKeyFile());
    if (mode != null) {
      Log.warn("Private key file is too open", "err", mode);
    }
    Log.info("Loaded private key", "fingerprint", config.key().fingerprint(), "orgs", config.orgsHeader());
    TunnelClient client;
    try {
      client = new TunnelClient(config);
    } catch (ConfigException e) {
      exitWithConfigError(e);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      client.shutdown();
      System.out.flush();
      // SIGTERM would otherwise exit 143; a completed drain is a clean exit.
      Runtime.getRuntime().halt(0);
    }, "shutdown"));
    client.run();
  }

  static void exitWithConfigError(ConfigException e) {
    System.err.println(Log.format(Instant.now(), LogLevel.ERROR, "Invalid configuration: " + e.getMessage(), "variable", e.variable()));
    System.exit(ConfigException.EXIT_CODE);
  }
}
