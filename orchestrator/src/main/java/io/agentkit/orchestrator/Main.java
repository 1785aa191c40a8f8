package io.agentkit.orchestrator;

import io.agentkit.contract.log.Log;

/** Starts the reference orchestrator: Agent API, tunnel endpoint and CONNECT proxy. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.print(OrchestratorConfig.usage());
      return;
    }
    OrchestratorConfig config;
    try {
      config = OrchestratorConfig.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage() + "\n" + OrchestratorConfig.usage());
      System.exit(2);
      return;
    }
    Orchestrator orchestrator;
    try {
      orchestrator = Orchestrator.start(config, Orchestrator.Hooks.PRODUCTION);
    } catch (Orchestrator.StartupException e) {
      Log.error("Cannot start the orchestrator", "err", e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(orchestrator::stop, "shutdown"));
    Thread.currentThread().join();
  }
}
