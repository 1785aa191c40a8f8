package io.agentkit.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.contract.testing.TestKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing as the sealed-secrets controller unseals it; it/chart cross-checks the format with an independent implementation. */
class SealedSecretsTest {

  static final KeyPair CONTROLLER = TestKeys.rsa("controller", 4096);
  static final byte[] PEM = TestKeys.pkcs8Pem(TestKeys.rsa4096()).getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  @Test
  void theControllersKeyUnsealsTheValueForTheSameNamespaceAndName() throws Exception {
    String sealed = SealedSecrets.seal((RSAPublicKey) CONTROLLER.getPublic(), SealedSecrets.strictLabel("agents", "humanitec-agent-secret-private-key"), PEM);
    byte[] opened = Unsealer.unseal(CONTROLLER.getPrivate(), "agents/humanitec-agent-secret-private-key".getBytes(StandardCharsets.UTF_8), sealed);
    assertThat(opened).isEqualTo(PEM);
  }

  @Test
  void theLayoutIsLengthThenRsaThenAesWithItsTag() {
    byte[] raw = Base64.getDecoder().decode(SealedSecrets.seal((RSAPublicKey) CONTROLLER.getPublic(), SealedSecrets.strictLabel("n", "s"), PEM));
    int rsa = Short.toUnsignedInt(ByteBuffer.wrap(raw).getShort());
    assertThat(rsa).as("RSA-4096 ciphertext").isEqualTo(512);
    assertThat(raw.length).isEqualTo(2 + 512 + PEM.length + 16);
  }

  @Test
  void strictScopeRefusesAnotherNamespaceOrName() {
    String sealed = SealedSecrets.seal((RSAPublicKey) CONTROLLER.getPublic(), SealedSecrets.strictLabel("agents", "key"), PEM);
    for (String other : new String[] {"agents/other", "other/key", "agents", ""}) {
      assertThatThrownBy(() -> Unsealer.unseal(CONTROLLER.getPrivate(), other.getBytes(StandardCharsets.UTF_8), sealed))
          .as(other).isInstanceOf(GeneralSecurityException.class);
    }
  }

  @Test
  void everySealingUsesAFreshSessionKey() {
    RSAPublicKey key = (RSAPublicKey) CONTROLLER.getPublic();
    assertThat(SealedSecrets.seal(key, SealedSecrets.strictLabel("n", "s"), PEM)).isNotEqualTo(SealedSecrets.seal(key, SealedSecrets.strictLabel("n", "s"), PEM));
  }

  @Test
  void certificatesAreReadAndBadOnesExplained() throws Exception {
    Path good = TestCertificates.write(dir.resolve("cert.pem"), CONTROLLER);
    SealingCertificate cert = SealingCertificate.read(good, Instant.now());
    assertThat(cert.key()).isEqualTo(CONTROLLER.getPublic());
    assertThat(cert.fingerprint()).hasSize(64);

    Path expired = dir.resolve("expired.pem");
    Files.writeString(expired, TestCertificates.selfSigned(CONTROLLER, Duration.ofMinutes(30)));
    assertThatThrownBy(() -> SealingCertificate.read(expired, Instant.now().plus(Duration.ofDays(1)))).isInstanceOf(KeyFileException.class)
        .hasMessageContaining("expired on").hasMessageContaining("kubeseal --fetch-cert");
    Path key = dir.resolve("key.pem");
    Files.writeString(key, TestKeys.pkcs8Pem(CONTROLLER));
    assertThatThrownBy(() -> SealingCertificate.read(key, Instant.now())).isInstanceOf(KeyFileException.class)
        .hasMessageContaining("is not a PEM certificate").hasMessageNotContaining(TestKeys.pemBodyLines(TestKeys.pkcs8Pem(CONTROLLER))[1]);
    assertThatThrownBy(() -> SealingCertificate.read(dir.resolve("missing.pem"), Instant.now())).hasMessageContaining("does not exist");
  }
}
