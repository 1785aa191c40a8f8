package io.agentkit.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentkit.it.lifecycle.support.Agents;
import io.agentkit.it.lifecycle.support.EchoTarget;
import io.agentkit.it.lifecycle.support.ItEnv;
import io.agentkit.it.lifecycle.support.Jvm;
import io.agentkit.it.lifecycle.support.Maven;
import io.agentkit.it.lifecycle.support.Orchestrator;
import io.agentkit.it.lifecycle.support.PlatformRepo;
import io.agentkit.it.lifecycle.support.TunnelTraffic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The guide's lifecycle as a platform team runs it, end to end: a platform repository registers its
 * agent (twice: the second run changes nothing), the agent connects with the key from the rendered
 * Secret, {@code agents} shows it with its session, and {@code rotate-keys} replaces the key while a
 * stream carries data through the tunnel and requests keep coming: first run, rollout (a new pod with
 * the new key, then the old pod drains), second run. No request fails, the old key is refused
 * afterwards, and the old pair is retired, not deleted. Orchestrator and agents are separate
 * processes; the plugin runs in real Maven builds.
 */
class KeyRotationIT {

  static final String ORG = "lifecycle-org";
  static final String AGENT = "platform-agent";

  @Test
  void registerConnectAndRotateWithoutAFailedRequest() throws Exception {
    Path work = ItEnv.work("rotation");
    List<String> outputs = new ArrayList<>();
    try (Orchestrator orchestrator = new Orchestrator(work); EchoTarget echo = new EchoTarget();
        Agents agents = new Agents(orchestrator, work.resolve("logs"), ORG, echo.port())) {
      Maven maven = new Maven(work);
      Path project = maven.project("platform", AGENT, ORG);
      PlatformRepo repo = new PlatformRepo(project, AGENT);
      Path settings = maven.settings("settings.xml", Maven.server("humanitec", orchestrator.token));
      String[] api = {"-Dhumanitec-agent.apiUrl=" + orchestrator.apiUrl(), "-Dhumanitec-agent.apiCaFile=" + orchestrator.certificate()};

      // Keys, manifests and registration in one build.
      String first = record(outputs, maven.ok(project, settings, args(api, "package", "humanitec-agent:register")));
      String oldKey = repo.fingerprint();
      assertThat(first).contains("Agent API " + orchestrator.apiUrl() + " (Agent API token from settings.xml server 'humanitec')")
          .contains("Agent " + AGENT + ": registered in organization " + ORG + " with key " + oldKey)
          .contains("register: 1 change at the Agent API");

      // The agent connects with the key the rendered Secret holds.
      Jvm podA = agents.start("pod-a", repo.keyFromRenderedSecret(work.resolve("pod-a-key.pem")));
      podA.await("Loaded private key.*fingerprint=" + oldKey, 1, Duration.ofSeconds(30));
      podA.await("Connected to websocket tunnel", 1, Duration.ofSeconds(30));

      // A second registration changes nothing and says so (at -X too, which must not show the token); agents lists the session.
      String listed = record(outputs, maven.ok(project, settings, args(api, "-X", "humanitec-agent:register", "humanitec-agent:agents")));
      assertThat(listed).contains("Agent " + AGENT + ": already registered in organization " + ORG + " with key " + oldKey.substring(0, 12) + "…; nothing to change")
          .contains("register: nothing changed at the Agent API: everything already was as configured");
      assertThat(listed).contains("Organization " + ORG).contains("Agent " + AGENT + " \"Agent of the lifecycle test\"")
          .containsPattern(oldKey + " +\\S+ +\\S+ +yes +current key").contains("Sessions (1 connected):").containsPattern("pod-a +" + oldKey.substring(0, 12));

      try (TunnelTraffic traffic = new TunnelTraffic(orchestrator.proxyPort(), ORG, AGENT, orchestrator.proxyPassword(ORG), echo.port())) {
        traffic.start();
        awaitRequests(traffic, 5);

        // First run: new pair, linked next to the old one, manifests rendered with it, rollout instructions.
        String rotate1 = record(outputs, maven.ok(project, settings, args(api, "humanitec-agent:rotate-keys")));
        String newKey = repo.fingerprint();
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(rotate1).contains("wrote a new RSA 4096 key pair " + newKey).contains("linked key " + newKey + " in organization " + ORG)
            .contains("Rendered with the new key: " + repo.manifests()).contains("kubectl rollout restart deployment/humanitec-agent -n agents")
            .contains("Then run humanitec-agent:rotate-keys again");
        assertThat(fingerprints(orchestrator.keys(ORG, AGENT))).containsExactlyInAnyOrder(oldKey, newKey);
        assertThat(Files.readString(repo.keys().resolve("rotation.json"))).contains("\"phase\" : \"ROLLING_OUT\"");

        // Too early: pod-a still uses the old key, so the old key stays.
        String early = record(outputs, maven.fails(project, settings, Map.of(), args(api, "humanitec-agent:rotate-keys")));
        assertThat(early).contains("<force> (-Dhumanitec-agent.force): agent " + AGENT + " still connects to organization " + ORG
            + " with the old key " + oldKey + " (connections pod-a); unlinking it now would cut them off; finish the rollout first");

        // The rollout: a new pod from the re-rendered Secret, then the old pod drains while the long stream finishes on it.
        Jvm podB = agents.start("pod-b", repo.keyFromRenderedSecret(work.resolve("pod-b-key.pem")));
        podB.await("Loaded private key.*fingerprint=" + newKey, 1, Duration.ofSeconds(30));
        podB.await("Connected to websocket tunnel", 1, Duration.ofSeconds(30));
        long before = traffic.requests();
        FutureTask<Integer> podAStop = new FutureTask<>(() -> podA.terminate(Duration.ofSeconds(60)));
        new Thread(podAStop, "stop-pod-a").start();
        // The orchestrator's view: pod-a announced its drain, so new streams go to pod-b.
        orchestrator.process().await("msg=\"Agent draining\".*connectionId=pod-a", 1, Duration.ofSeconds(30));
        // While pod-a drains, the long stream keeps carrying data on it and new requests still succeed.
        long drainingBytes = traffic.streamBytes();
        long drainingRequests = traffic.requests();
        awaitAtLeast(traffic, "bytes on the long stream", traffic::streamBytes, drainingBytes + 3 * TunnelTraffic.CHUNK);
        awaitRequests(traffic, drainingRequests + 3);
        traffic.finishStream();
        assertThat(podAStop.get(70, TimeUnit.SECONDS)).as("pod-a drained and exited cleanly").isZero();
        assertThat(podA.awaitExit(Duration.ofSeconds(5))).isZero();
        awaitRequests(traffic, before + 5);

        // Second run: the sessions show the new key only, so the old key goes.
        String rotate2 = record(outputs, maven.ok(project, settings, args(api, "humanitec-agent:rotate-keys", "humanitec-agent:agents")));
        assertThat(rotate2).contains("0 with the old key, at least one serving with the new key").contains("unlinked key " + oldKey + " in organization " + ORG)
            .contains("key rotation complete");
        awaitRequests(traffic, traffic.requests() + 5);
        traffic.close();
        assertThat(traffic.failures()).as("requests and stream through the tunnel during the rotation").isEmpty();
        assertThat(traffic.streamBytes()).isGreaterThan(0);
        assertThat(fingerprints(orchestrator.keys(ORG, AGENT))).containsExactly(newKey);
        assertThat(podB.output()).doesNotContain("Reconnecting");

        // The old key is refused now: the agent's own check gets a 401.
        Path retired = repo.retired().get(0);
        Jvm check = agents.check("check-old-key", retired.resolve("humanitec_agent_private_key.pem"));
        assertThat(check.awaitExit(Duration.ofSeconds(60))).isNotZero();
        assertThat(check.output()).contains("FAIL  handshake").contains("HTTP 401");

        // Retired, not deleted: both files of the old pair, and the rotation's record beside them.
        assertThat(repo.retired()).hasSize(1);
        assertThat(PlatformRepo.fingerprint(retired.resolve("humanitec_agent_public_key.pem"))).isEqualTo(oldKey);
        assertThat(retired.resolve("humanitec_agent_private_key.pem")).exists();
        assertThat(Files.readString(retired.resolve("rotation.json"))).contains("\"phase\" : \"COMPLETE\"").contains(newKey);
        assertThat(repo.keys().resolve("rotation.json")).doesNotExist();

        String after = rotate2.substring(rotate2.indexOf(":agents (default-cli)"));
        assertThat(after).containsPattern(newKey + " +\\S+ +\\S+ +yes +current key").doesNotContain(oldKey).containsPattern("pod-b +" + newKey.substring(0, 12));

        // Neither private key nor the token in any build output or process log.
        List<String> secrets = new ArrayList<>(PlatformRepo.secretLines(repo.privateKey()));
        secrets.addAll(PlatformRepo.secretLines(retired.resolve("humanitec_agent_private_key.pem")));
        agents.all().forEach(a -> outputs.add(a.output()));
        outputs.add(orchestrator.process().output());
        for (String out : outputs) {
          assertThat(out).doesNotContain(orchestrator.token);
          for (String line : secrets) {
            assertThat(out).doesNotContain(line);
          }
        }
      }
    }
  }

  private static String[] args(String[] api, String... goals) {
    return Stream.concat(Stream.of(goals), Stream.of(api)).toArray(String[]::new);
  }

  private static String record(List<String> outputs, String output) {
    outputs.add(output);
    return output;
  }

  private static List<String> fingerprints(JsonNode keys) {
    List<String> out = new ArrayList<>();
    keys.forEach(k -> out.add(k.path("fingerprint").asText()));
    return out;
  }

  private static void awaitRequests(TunnelTraffic traffic, long atLeast) throws InterruptedException {
    awaitAtLeast(traffic, "requests through the tunnel", traffic::requests, atLeast);
  }

  /** Waits up to 60 s until {@code count} reaches {@code atLeast}; fails at once on a traffic failure. */
  private static void awaitAtLeast(TunnelTraffic traffic, String what, LongSupplier count, long atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (count.getAsLong() < atLeast) {
      if (System.nanoTime() > deadline || !traffic.failures().isEmpty()) {
        throw new AssertionError(count.getAsLong() + " " + what + " (waiting for " + atLeast + "), failures: " + traffic.failures());
      }
      Thread.sleep(50);
    }
  }
}
