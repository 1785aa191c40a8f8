package io.agentkit.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.keys.Fingerprints;
import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.contract.keys.PrivateKeyReader;
import io.agentkit.contract.testing.TestKeys;
import io.agentkit.core.RecordingLog;
import io.agentkit.core.Specs;
import io.agentkit.core.io.AtomicFiles;
import io.agentkit.core.spec.AgentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateKeysTest {

  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();

  private GenerateKeys op() {
    return new GenerateKeys(new KeyLocations(dir.resolve("keys")), log);
  }

  @Test
  void generatesAnRsa4096PairWithSafeModesGitignoreAndRequestBodies() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "new-agent", "organizations", List.of("org-a", "org-b"));
    GenerateKeys.Result r = op().run(spec, dir.resolve("out"), false);

    assertThat(r.outcome()).isEqualTo(GenerateKeys.Outcome.GENERATED);
    var key = PrivateKeyReader.read(r.privateKey());
    assertThat(key.bits()).isEqualTo(4096);
    assertThat(Files.readString(r.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Files.readString(r.publicKey())).isEqualTo(key.publicKeyPem());
    assertThat(r.fingerprint()).isEqualTo(Fingerprints.of(key.publicKey()));
    // The modes are the point of this test: on a file system without POSIX modes it fails rather than pass unchecked.
    assertThat(AtomicFiles.isPosix(dir)).as("%s supports POSIX file modes", dir).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(r.privateKey()))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(r.privateKey().getParent()))).isEqualTo("rwx------");
    assertThat(dir.resolve("keys/.gitignore")).content().contains("\n*\n");
    assertThat(r.requests().register()).content()
        .startsWith("{\n  \"id\": \"new-agent\",\n  \"public_key\": \"-----BEGIN PUBLIC KEY-----\\n")
        .contains("\"description\": \"Humanitec Agent new-agent\"");
    assertThat(log.text()).contains("fingerprint: " + r.fingerprint())
        .contains("humctl api post /orgs/org-a/agents -d").contains("humctl api post /orgs/org-b/agents -d");
    assertNoKeyIn(log.text(), r.privateKey());
  }

  @Test
  void neverOverwritesAnExistingPair() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "kept", "organizations", "o");
    GenerateKeys.Result first = op().run(spec, dir.resolve("out"), false);
    byte[] before = Files.readAllBytes(first.privateKey());
    GenerateKeys.Result second = op().run(spec, dir.resolve("out"), false);
    assertThat(second.outcome()).isEqualTo(GenerateKeys.Outcome.EXISTING_VALID);
    assertThat(Files.readAllBytes(second.privateKey())).isEqualTo(before);
    assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
  }

  @Test
  void derivesAMissingPublicKeyButRefusesAPublicKeyWithoutItsPrivateKey() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "half", "organizations", "o");
    Path agentDir = dir.resolve("keys/half");
    Files.createDirectories(agentDir);
    Files.writeString(agentDir.resolve(KeyLocations.PRIVATE_KEY_FILE), TestKeys.pkcs1Pem(TestKeys.rsa4096()));
    assertThat(op().run(spec, dir.resolve("out"), false).outcome()).isEqualTo(GenerateKeys.Outcome.PUBLIC_KEY_DERIVED);

    AgentSpec orphan = Specs.spec("agentId", "orphan", "organizations", "o");
    Path orphanDir = dir.resolve("keys/orphan");
    Files.createDirectories(orphanDir);
    Files.writeString(orphanDir.resolve(KeyLocations.PUBLIC_KEY_FILE), TestKeys.publicPem(TestKeys.rsa4096()));
    assertThatThrownBy(() -> op().run(orphan, dir.resolve("out"), false))
        .isInstanceOf(KeyFileException.class).hasMessageContaining("exists but its private key humanitec_agent_private_key.pem does not");
    assertThat(orphanDir.resolve(KeyLocations.PRIVATE_KEY_FILE)).doesNotExist();
  }

  @Test
  void rotationKeepsTheOldPairBesideTheNewOne() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "rot", "organizations", "o");
    GenerateKeys.Result first = op().run(spec, dir.resolve("out"), false);
    String oldPrivate = Files.readString(first.privateKey());
    GenerateKeys.Result rotated = op().run(spec, dir.resolve("out"), true);

    assertThat(rotated.outcome()).isEqualTo(GenerateKeys.Outcome.ROTATED);
    assertThat(rotated.retiredFingerprint()).isEqualTo(first.fingerprint());
    assertThat(rotated.fingerprint()).isNotEqualTo(first.fingerprint());
    assertThat(rotated.retiredDirectory().resolve(KeyLocations.PRIVATE_KEY_FILE)).content().isEqualTo(oldPrivate);
    assertThat(rotated.retiredDirectory().getFileName().toString()).startsWith("retired-").endsWith(first.fingerprint().substring(0, 12));
    assertThat(log.text()).contains("humctl api delete /orgs/o/agents/rot/keys/" + first.fingerprint());
  }

  @Test
  void userKeysAreValidatedNeverRotated() throws Exception {
    Path own = dir.resolve("own/agent_private_key.pem");
    Files.createDirectories(own.getParent());
    Files.writeString(own, TestKeys.pkcs8Pem(TestKeys.rsa4096()));
    AgentSpec spec = Specs.spec("agentId", "own", "organizations", "o", "privateKeyPath", own.toString());
    assertThat(op().run(spec, dir.resolve("out"), false).outcome()).isEqualTo(GenerateKeys.Outcome.USER_KEY_VALID);
    assertThatThrownBy(() -> op().run(spec, dir.resolve("out"), true)).hasMessageContaining("which generate-keys does not rotate");
    assertThat(dir.resolve("keys")).doesNotExist();
  }

  @Test
  void mismatchedUserPairIsRejected() throws Exception {
    Path own = dir.resolve("own/agent_private_key.pem");
    Files.createDirectories(own.getParent());
    Files.writeString(own, TestKeys.pkcs8Pem(TestKeys.rsa4096()));
    Files.writeString(dir.resolve("own/agent_public_key.pem"), TestKeys.publicPem(TestKeys.rsa("other", 4096)));
    AgentSpec spec = Specs.spec("agentId", "own", "organizations", "o", "privateKeyPath", own.toString());
    assertThatThrownBy(() -> op().run(spec, dir.resolve("out"), false)).hasMessageContaining("agent_public_key.pem does not belong to the private key");
  }

  static void assertNoKeyIn(String text, Path privateKey) throws Exception {
    for (String line : TestKeys.pemBodyLines(Files.readString(privateKey))) {
      assertThat(text).doesNotContain(line);
    }
  }
}
