package io.agentkit.it.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentkit.contract.keys.Fingerprints;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.tunnel.support.Cluster;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The orchestrator's Agent API over HTTPS, as agent-api.md describes it, and its store across a restart. */
class AgentApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void agentsAndKeysFollowTheAgentApiAndSurviveARestart() throws Exception {
    try (Cluster c = new Cluster("api")) {
      c.startOrchestrator();
      KeyPair first = TestKeys.rsa("api-1", 4096);
      KeyPair second = TestKeys.rsa("api-2", 4096);
      String fp1 = Fingerprints.of(first.getPublic());
      String fp2 = Fingerprints.of(second.getPublic());

      c.call("GET", "/orgs/o/agents", null, "wrong-token", 401);
      JsonNode agent = c.register("o", "api-agent", first);
      assertThat(agent.get("id").asText()).isEqualTo("api-agent");
      assertThat(agent.get("org_id").asText()).isEqualTo("o");
      assertThat(agent.get("created_at").asText()).isNotEmpty();
      c.call("POST", "/orgs/o/agents", body(Map.of("id", "api-agent", "public_key", TestKeys.publicPem(second))), 409);
      c.call("POST", "/orgs/o/agents", body(Map.of("id", "-bad-", "public_key", TestKeys.publicPem(second))), 400);
      c.call("POST", "/orgs/o/agents", body(Map.of("id", "small", "public_key", TestKeys.publicPem(TestKeys.rsa("api-small", 2048)))), 400);
      c.call("POST", "/orgs/o/agents", "not json", 400);

      JsonNode key = c.call("POST", "/orgs/o/agents/api-agent/keys", body(Map.of("public_key", TestKeys.publicPem(second))), 200);
      assertThat(key.get("fingerprint").asText()).isEqualTo(fp2);
      assertThat(key.get("is_authorized").asBoolean()).isTrue();
      assertThat(key.get("expired_at").asText()).isNotEmpty();
      c.call("POST", "/orgs/o/agents/api-agent/keys", body(Map.of("public_key", TestKeys.publicPem(second))), 409);
      c.call("POST", "/orgs/o/agents/nobody/keys", body(Map.of("public_key", TestKeys.publicPem(second))), 404);
      assertThat(c.call("PATCH", "/orgs/o/agents/api-agent", body(Map.of("description", "renamed")), 200).get("description").asText())
          .isEqualTo("renamed");

      // SIGKILL: whatever was answered must be on disk.
      c.orchestrator().signal("KILL");
      c.orchestrator().awaitExit(java.time.Duration.ofSeconds(10));
      c.startOrchestrator();
      assertThat(c.call("GET", "/orgs/o/agents?fingerprint=" + fp2, null, 200)).singleElement()
          .satisfies(a -> assertThat(a.get("description").asText()).isEqualTo("renamed"));
      assertThat(c.call("GET", "/orgs/o/agents/api-agent/keys", null, 200)).extracting(k -> k.get("fingerprint").asText())
          .containsExactly(fp1, fp2);

      c.call("DELETE", "/orgs/o/agents/api-agent/keys/" + fp1, null, 204);
      c.call("DELETE", "/orgs/o/agents/api-agent/keys/" + fp1, null, 404);
      c.call("DELETE", "/orgs/o/agents/api-agent", null, 204);
      c.call("GET", "/orgs/o/agents/api-agent/keys", null, 404);
      assertThat(c.call("GET", "/orgs/o/agents", null, 200)).isEmpty();
    }
  }

  private static String body(Map<String, String> fields) throws Exception {
    return JSON.writeValueAsString(fields);
  }
}
