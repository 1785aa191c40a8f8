package io.agentkit.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.core.BuildLog;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.core.GoalConfig;
import io.agentkit.core.Goals;
import io.agentkit.core.RecordingLog;
import io.agentkit.core.Specs;
import io.agentkit.core.api.AgentApiClient;
import io.agentkit.core.api.AgentApiException;
import io.agentkit.core.api.ApiEndpoint;
import io.agentkit.core.api.ApiToken;
import io.agentkit.core.api.FakeAgentApi;
import io.agentkit.core.keys.KeyLocations;
import io.agentkit.core.oci.RetryPolicy;
import io.agentkit.core.render.ManifestLayout;
import io.agentkit.core.settings.SpecInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle goals' decisions against an Agent API like Humanitec's (no sessions view, unless a
 * test adds one): idempotent registration, the refusals, and a rotation that resumes after failing
 * half way. The flows against the reference orchestrator run in it/lifecycle.
 */
class LifecycleGoalsTest {

  static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1));

  @TempDir Path dir;
  FakeAgentApi api;
  RecordingLog log = new RecordingLog();

  @BeforeEach
  void start() throws Exception {
    api = new FakeAgentApi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  LifecycleGoals goals(Object... extra) throws Exception {
    // agent-kit's own agent, so it names its orchestrator's tunnel.
    Object[] base = {"agentId", "a1", "organizations", "org-a,org-b", "tunnelUrl", "wss://orchestrator.example.com:9443/tunnel"};
    Object[] kv = new Object[extra.length + base.length];
    System.arraycopy(base, 0, kv, 0, base.length);
    System.arraycopy(extra, 0, kv, base.length, extra.length);
    SpecInput in = Specs.input(kv);
    GoalConfig config = new GoalConfig(in, null, List.of(), dir.resolve("keys"), dir.resolve("out"), null, ManifestLayout.SINGLE_FILE, false);
    // The shared test pair where generate-keys would put one (RSA 4096 generation is slow); rotations still make new ones.
    Path agentKeys = Files.createDirectories(dir.resolve("keys/a1"));
    Files.writeString(agentKeys.resolve(KeyLocations.PRIVATE_KEY_FILE), TestKeys.pkcs8Pem(TestKeys.rsa4096()));
    Files.setPosixFilePermissions(agentKeys.resolve(KeyLocations.PRIVATE_KEY_FILE), PosixFilePermissions.fromString("rw-------"));
    new Goals(config, BuildLog.NONE).generateKeys();
    AgentApiClient client = new AgentApiClient(ApiEndpoint.of(api.url(), null, true, null), new ApiToken(api.token, "test", "apiServerId"), ONCE, log);
    return new LifecycleGoals(config, client, log);
  }

  String localFingerprint() throws Exception {
    return LocalKey.read(dir.resolve("keys/a1/humanitec_agent_public_key.pem")).fingerprint();
  }

  @Test
  void registerIsIdempotentLinksAMissingKeyAndUpdatesTheDescription() throws Exception {
    LifecycleGoals goals = goals();
    assertThat(goals.register()).isEqualTo(2);
    assertThat(goals.register()).isZero();
    assertThat(log.text()).contains("register: nothing changed at the Agent API: everything already was as configured");

    api.keys.get("org-b").get("a1").clear();
    api.descriptions.put("org-b/a1", "old");
    assertThat(goals.register()).isEqualTo(2);
    assertThat(api.keys.get("org-b").get("a1")).containsOnlyKeys(localFingerprint());
    assertThat(api.descriptions.get("org-b/a1")).isEqualTo("Humanitec Agent a1");
  }

  @Test
  void unlinkKeyRefusesTheLastAndTheCurrentKeyBeforeChangingAnything() throws Exception {
    LifecycleGoals goals = goals();
    goals.register();
    String fp = localFingerprint();
    assertThatThrownBy(() -> goals.unlinkKey(fp.substring(0, 12), false)).isInstanceOf(LifecycleException.class)
        .hasMessageContaining("force: key " + fp + " is the last key of agent a1 in organization org-a");
    api.keys.get("org-a").get("a1").put("ff".repeat(32), "PEM");
    api.keys.get("org-b").get("a1").put("ff".repeat(32), "PEM");
    assertThatThrownBy(() -> goals.unlinkKey(fp, false)).hasMessageContaining("is agent a1's current local key");
    assertThat(goals.unlinkKey("FF".repeat(32), false)).isEqualTo(2);
    assertThat(goals.unlinkKey("ff".repeat(32), false)).isZero();
    assertThatThrownBy(() -> goals.unlinkKey("xyz", false)).hasMessageContaining("fingerprint: 'xyz' is not a key fingerprint");
    assertThat(goals.unlinkKey(fp, true)).isEqualTo(2);
  }

  @Test
  void deregisterDeletesNothingWithoutConfirmation() throws Exception {
    LifecycleGoals goals = goals();
    goals.register();
    assertThatThrownBy(() -> goals.deregister(List.of("a2"))).hasMessageContaining(
        "confirm: deregister deletes agent a1 and all its keys in organizations org-a, org-b; an installed agent can no longer connect; confirm with -Dhumanitec-agent.confirm=a1");
    assertThat(api.keys.get("org-a")).containsKey("a1");
    assertThat(goals.deregister(List.of("a1"))).isEqualTo(2);
    assertThat(api.keys.get("org-a")).isEmpty();
    assertThat(dir.resolve("keys/a1/humanitec_agent_private_key.pem")).exists();
  }

  @Test
  void withoutASessionsViewTheRotationCompletesOnlyWhenForced() throws Exception {
    LifecycleGoals goals = goals();
    goals.register();
    String old = localFingerprint();
    goals.rotateKeys(false);
    String fresh = localFingerprint();
    assertThat(api.keys.get("org-a").get("a1")).containsOnlyKeys(old, fresh);
    assertThatThrownBy(() -> goals.rotateKeys(false)).isInstanceOf(LifecycleException.class)
        .hasMessageContaining("cannot tell which key agent a1 uses in organization org-a (it offers no sessions view)")
        .hasMessageContaining("run rotate-keys again with -Dhumanitec-agent.force");
    assertThat(api.keys.get("org-a").get("a1")).containsOnlyKeys(old, fresh);
    goals.rotateKeys(true);
    assertThat(api.keys.get("org-a").get("a1")).containsOnlyKeys(fresh);
    assertThat(api.keys.get("org-b").get("a1")).containsOnlyKeys(fresh);
    Path retired;
    try (var s = Files.list(dir.resolve("keys/a1"))) {
      retired = s.filter(p -> p.getFileName().toString().startsWith("retired-")).findFirst().orElseThrow();
    }
    assertThat(LocalKey.read(retired.resolve("humanitec_agent_public_key.pem")).fingerprint()).isEqualTo(old);
    assertThat(Files.readString(retired.resolve(RotationState.FILE))).contains("COMPLETE");
    assertThat(dir.resolve("keys/a1/" + RotationState.FILE)).doesNotExist();
  }

  @Test
  void aRotationThatFailedHalfWayResumesWithTheSameNewKey() throws Exception {
    LifecycleGoals goals = goals();
    goals.register();
    String old = localFingerprint();
    api.fail("POST /orgs/org-b/agents/a1/keys", 503, "{\"error\":\"maintenance\"}", Map.of());
    assertThatThrownBy(() -> goals.rotateKeys(false)).isInstanceOf(AgentApiException.class).hasMessageContaining("organization 'org-b'")
        .hasMessageContaining("HTTP 503");
    String fresh = localFingerprint();
    assertThat(fresh).isNotEqualTo(old);
    assertThat(Files.readString(dir.resolve("keys/a1/" + RotationState.FILE))).contains("LINKING").contains(fresh);
    assertThat(api.keys.get("org-b").get("a1")).containsOnlyKeys(old);

    goals.rotateKeys(false);
    assertThat(localFingerprint()).as("no second new pair").isEqualTo(fresh);
    assertThat(api.keys.get("org-b").get("a1")).containsOnlyKeys(old, fresh);
    assertThat(Files.readString(dir.resolve("keys/a1/" + RotationState.FILE))).contains("ROLLING_OUT");
    assertThat(log.text()).contains("continuing the key rotation started").contains("is already linked in organization org-a; nothing to change");

    api.sessions = Map.of("org-a/a1", Map.of("pod-1", fresh), "org-b/a1", Map.of("pod-1", fresh));
    goals.rotateKeys(false);
    assertThat(api.keys.get("org-b").get("a1")).containsOnlyKeys(fresh);
  }

  @Test
  void agentsShowsKeysAndWarnsAboutWhatIsMissing() throws Exception {
    LifecycleGoals goals = goals();
    assertThat(goals.agents()).isEqualTo(2);
    assertThat(log.text()).contains("a1: not registered in org-a; run humanitec-agent:register");
    goals.register();
    api.keys.get("org-a").put("someone-else", new java.util.LinkedHashMap<>());
    log.lines.clear();
    assertThat(goals.agents()).isZero();
    assertThat(log.text()).contains("Organization org-a").containsPattern(localFingerprint() + " +2026-01-01T00:00:00Z +2028-01-01T00:00:00Z +yes +current key")
        .contains("Sessions: not offered by this Agent API").contains("Also registered in org-a, not configured in this build: someone-else");
    api.expiresAt = java.time.Instant.now().plus(Duration.ofDays(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    assertThat(goals.agents()).isEqualTo(2);
    assertThat(log.text()).contains("Key " + localFingerprint() + " of agent a1 in org-a expires " + api.expiresAt + ": rotate it with humanitec-agent:rotate-keys");
  }
}
