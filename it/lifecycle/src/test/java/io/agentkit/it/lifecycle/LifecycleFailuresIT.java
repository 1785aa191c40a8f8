package io.agentkit.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.contract.keys.Pem;
import io.agentkit.contract.testing.ClosedPort;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.it.lifecycle.support.ConnectProxy;
import io.agentkit.it.lifecycle.support.ItEnv;
import io.agentkit.it.lifecycle.support.Maven;
import io.agentkit.it.lifecycle.support.Orchestrator;
import io.agentkit.it.lifecycle.support.PlatformRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every way the lifecycle goals refuse or fail, in real Maven builds against the reference
 * orchestrator, with the message users get: no token, a wrong token (401), an unknown organization
 * (404), a 2048-bit key (400 from the server, explained), the API unreachable after every retry,
 * unlinking the last key without force, deregistering without confirmation. The token never shows.
 */
class LifecycleFailuresIT {

  static final String ORG = "failures-org";
  static final String AGENT = "failing-agent";
  /** A name only the proxy resolves (to 127.0.0.1), as a corporate proxy resolves names the build machine cannot. */
  static final String API_HOST = "agent-api.test";

  @Test
  void eachFailureNamesWhatToChange() throws Exception {
    Path work = ItEnv.work("failures");
    List<String> outputs = new ArrayList<>();
    try (Orchestrator orchestrator = new Orchestrator(work, "localhost," + API_HOST); ConnectProxy proxy = new ConnectProxy()) {
      Maven maven = new Maven(work);
      Path project = maven.project("platform", AGENT, ORG);
      PlatformRepo repo = new PlatformRepo(project, AGENT);
      Path noServer = maven.settings("no-server.xml", "");
      String url = orchestrator.apiUrl();
      String[] api = {"-Dhumanitec-agent.apiUrl=" + url, "-Dhumanitec-agent.apiCaFile=" + orchestrator.certificate()};

      // No token anywhere: the keys and manifests are made, registration names both places a token can come from.
      String noToken = record(outputs, maven.fails(project, noServer, Map.of(), args(api, "package", "humanitec-agent:register")));
      assertThat(noToken).contains("<apiServerId> (-Dhumanitec-agent.apiServerId): no Agent API token: settings.xml has no <server> with id 'humanitec'"
          + " and HUMANITEC_TOKEN is not set; add <server><id>humanitec</id><password>your token</password></server> to settings.xml"
          + " (mvn --encrypt-password encrypts it), or export HUMANITEC_TOKEN");
      String fingerprint = repo.fingerprint();

      // A wrong token: 401, with the server's message and where the token came from, never the token.
      String wrongToken = "wrong-token-" + "x".repeat(40);
      String unauthorized = record(outputs, maven.fails(project, noServer, Map.of("HUMANITEC_TOKEN", wrongToken), args(api, "humanitec-agent:register")));
      assertThat(unauthorized).contains("<apiServerId> (-Dhumanitec-agent.apiServerId): registering agent '" + AGENT + "' in organization '" + ORG
          + "' failed: HTTP 401 from " + url + " (\"").contains("the Agent API token from environment variable HUMANITEC_TOKEN was refused: it is missing, wrong or expired")
          .doesNotContain(wrongToken);

      // The API unreachable: every attempt is made, with backoff, then the failure names the address.
      String unreachable;
      int closed;
      try (ClosedPort port = new ClosedPort()) {
        closed = port.port();
        unreachable = record(outputs, maven.fails(project, noServer, Map.of("HUMANITEC_TOKEN", orchestrator.token), "humanitec-agent:register",
            "-Dhumanitec-agent.apiUrl=https://127.0.0.1:" + closed, "-Dhumanitec-agent.apiAttempts=3"));
      }
      assertThat(unreachable).contains("retrying in 500 ms (attempt 2 of 3)").contains("retrying in 1000 ms (attempt 3 of 3)")
          .contains("<apiUrl> (-Dhumanitec-agent.apiUrl): registering agent '" + AGENT + "' in organization '" + ORG + "' failed: no answer from https://127.0.0.1:"
              + closed + " after 3 attempts (ConnectException").contains("; check apiUrl and the network; a proxy comes from settings.xml <proxies>");

      // The token from an encrypted settings.xml password works.
      Path security = work.resolve("settings-security.xml");
      String master = encrypt(maven, project, noServer, "--encrypt-master-password", "master-of-agents");
      Files.writeString(security, "<settingsSecurity><master>" + master + "</master></settingsSecurity>\n");
      String encrypted = encrypt(maven, project, noServer, "--encrypt-password", orchestrator.token, "-Dsettings.security=" + security);
      Path settings = maven.settings("encrypted.xml", Maven.server("humanitec", encrypted));
      String registered = record(outputs, maven.ok(project, settings, args(api, "humanitec-agent:register", "-Dsettings.security=" + security)));
      assertThat(registered).contains("Agent " + AGENT + ": registered in organization " + ORG + " with key " + fingerprint);

      // The proxy from settings.xml carries the requests; only TLS passes through it, so it never sees the token.
      Path proxied = maven.settings("proxied.xml", Maven.server("humanitec", encrypted) + "<proxies><proxy><id>corporate</id><active>true</active>"
          + "<protocol>https</protocol><host>127.0.0.1</host><port>" + proxy.port() + "</port></proxy></proxies>");
      String viaProxy = record(outputs, maven.ok(project, proxied, "humanitec-agent:agents", "-Dhumanitec-agent.apiUrl=" + orchestrator.apiUrl(API_HOST),
          "-Dhumanitec-agent.apiCaFile=" + orchestrator.certificate(), "-Dsettings.security=" + security));
      assertThat(viaProxy).contains("through proxy 127.0.0.1:" + proxy.port()).containsPattern(fingerprint + " +\\S+ +\\S+ +yes +current key");
      assertThat(proxy.connects).allMatch(c -> c.startsWith("CONNECT " + API_HOST + ":")).isNotEmpty();
      assertThat(proxy.relayedText()).doesNotContain(orchestrator.token).doesNotContain("Bearer");

      // The agent's only key stays linked unless forced.
      String lastKey = record(outputs, maven.fails(project, settings, Map.of(), args(api, "humanitec-agent:unlink-key", "-Dhumanitec-agent.fingerprint=" + fingerprint,
          "-Dsettings.security=" + security)));
      assertThat(lastKey).contains("<force> (-Dhumanitec-agent.force): key " + fingerprint + " is the last key of agent " + AGENT + " in organization " + ORG
          + ": without it the agent cannot connect; link another key first (humanitec-agent:link-key or rotate-keys), or unlink it anyway with -Dhumanitec-agent.force");

      // An organization the agent is not in: 404 with the server's message.
      Path elsewhere = maven.project("elsewhere", AGENT, "no-such-org");
      copyKeys(repo, new PlatformRepo(elsewhere, AGENT));
      String notFound = record(outputs, maven.fails(elsewhere, settings, Map.of(), args(api, "humanitec-agent:link-key", "-Dsettings.security=" + security)));
      assertThat(notFound).contains("linking key " + fingerprint + " to agent '" + AGENT + "' in organization 'no-such-org' failed: HTTP 404 from " + url + " (\"")
          .contains("; organization 'no-such-org' does not exist, or agent '" + AGENT + "' is not registered there; check organizations, or run humanitec-agent:register");

      // A 2048-bit key: the server refuses it (400), the plugin explains.
      Path weak = maven.project("weak", "weak-agent", ORG);
      Path weakKeys = Files.createDirectories(weak.resolve(".humanitec-agent/keys/weak-agent"));
      Files.writeString(weakKeys.resolve("humanitec_agent_public_key.pem"), Pem.encode("PUBLIC KEY", TestKeys.rsa("weak", 2048).getPublic().getEncoded()));
      String refused = record(outputs, maven.fails(weak, settings, Map.of(), args(api, "humanitec-agent:register", "-Dsettings.security=" + security)));
      assertThat(refused).contains("registering agent 'weak-agent' in organization '" + ORG + "' failed: HTTP 400 from " + url + " (\"")
          .contains("2048-bit").contains("; the Agent API refused the public key: it accepts RSA keys of at least 4096 bits as '-----BEGIN PUBLIC KEY-----' PEM;"
              + " make a new pair with humanitec-agent:generate-keys (or rotate-keys for a registered agent)");

      // Deregistering needs the agent's id as confirmation, then deletes it and says how to uninstall.
      String unconfirmed = record(outputs, maven.fails(project, settings, Map.of(), args(api, "humanitec-agent:deregister", "-Dsettings.security=" + security)));
      assertThat(unconfirmed).contains("<confirm> (-Dhumanitec-agent.confirm): deregister deletes agent " + AGENT + " and all its keys in organization " + ORG
          + "; an installed agent can no longer connect; confirm with -Dhumanitec-agent.confirm=" + AGENT);
      assertThat(orchestrator.keys(ORG, AGENT).size()).as("nothing deleted").isEqualTo(1);
      String deregistered = record(outputs, maven.ok(project, settings, args(api, "humanitec-agent:deregister", "-Dhumanitec-agent.confirm=" + AGENT,
          "-Dsettings.security=" + security)));
      assertThat(deregistered).contains("Agent " + AGENT + ": deregistered from organization " + ORG + " with all its keys")
          .contains("Kubernetes: kubectl delete -f " + repo.manifests()).contains("(never deleted by this plugin)");
      assertThat(repo.privateKey()).exists();

      // Offline, only an API on this machine can be reached.
      String offline = record(outputs, maven.fails(project, settings, Map.of(), "-o", "humanitec-agent:agents",
          "-Dhumanitec-agent.apiUrl=" + orchestrator.apiUrl(API_HOST)));
      assertThat(offline).contains("agents needs the network to reach the Agent API at " + orchestrator.apiUrl(API_HOST) + ", but Maven runs offline (-o)");

      for (String out : outputs) {
        assertThat(out).doesNotContain(orchestrator.token);
        for (String line : PlatformRepo.secretLines(repo.privateKey())) {
          assertThat(out).doesNotContain(line);
        }
      }
    }
  }

  private static String encrypt(Maven maven, Path project, Path settings, String... args) throws Exception {
    String out = maven.ok(project, settings, args);
    Matcher m = Pattern.compile("\\{[^}\\s]+}").matcher(out);
    if (!m.find()) {
      throw new AssertionError("no encrypted value in:\n" + out);
    }
    return m.group();
  }

  private static void copyKeys(PlatformRepo from, PlatformRepo to) throws Exception {
    Files.createDirectories(to.keys());
    Files.copy(from.publicKey(), to.publicKey());
  }

  private static String[] args(String[] api, String... goals) {
    return Stream.concat(Stream.of(goals), Stream.of(api)).toArray(String[]::new);
  }

  private static String record(List<String> outputs, String output) {
    outputs.add(output);
    return output;
  }
}
