package io.agentkit.it.tunnel.bench;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.JavaProcess;
import java.security.KeyPair;
import java.util.Map;

/** The usual one-agent cluster, patient with an Agent API that a loaded machine answers slowly. */
final class BenchSetup {

  private BenchSetup() {}

  static JavaProcess oneAgent(Cluster c) throws Exception {
    c.startOrchestrator();
    KeyPair key = TestKeys.rsa4096();
    for (int attempt = 1; ; attempt++) {
      try {
        c.register(Cluster.ORG, Cluster.AGENT, key);
        break;
      } catch (java.io.IOException e) {
        if (attempt == 5) {
          throw e;
        }
        System.out.println("Agent API not answering (" + e.getMessage() + "), retrying; load " + EchoBench.loadavg());
      }
    }
    Map<String, String> env = c.agentEnv(c.privateKeyFile("agent", key), Cluster.ORG, "bench");
    env.put(AgentEnv.LOG_LEVEL, "INFO");
    return c.startConnectedAgent("agent", env);
  }
}
