package io.agentkit.contract.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class KeyPairCheckTest {

  @Test
  void acceptsMatchingPairAndReportsFingerprintOfSpki() throws Exception {
    KeyPair pair = TestKeys.rsa4096();
    AgentPrivateKey key = PrivateKeyReader.parse(TestKeys.pkcs8Pem(pair).getBytes(StandardCharsets.US_ASCII), "private.pem");
    RSAPublicKey pub = PublicKeyReader.parse(key.publicKeyPem().getBytes(StandardCharsets.US_ASCII), "public.pem");
    KeyPairCheck.requireMatch(key, pub, "public.pem");
    assertThat(key.fingerprint()).hasSize(64).matches("[0-9a-f]{64}").isEqualTo(Fingerprints.sha256Hex(pair.getPublic().getEncoded()));
  }

  @Test
  void rejectsMismatchedPairNamingBothFingerprints() throws Exception {
    KeyPair a = TestKeys.rsa4096();
    KeyPair b = TestKeys.rsa("other", 4096);
    AgentPrivateKey key = PrivateKeyReader.parse(TestKeys.pkcs8Pem(a).getBytes(StandardCharsets.US_ASCII), "private.pem");
    RSAPublicKey pub = PublicKeyReader.parse(TestKeys.publicPem(b).getBytes(StandardCharsets.US_ASCII), "public.pem");
    assertThatThrownBy(() -> KeyPairCheck.requireMatch(key, pub, "public.pem"))
        .hasMessageContaining("public.pem does not belong to the private key private.pem")
        .hasMessageContaining(Fingerprints.of(b.getPublic()))
        .hasMessageContaining(key.fingerprint());
  }

  @Test
  void readsPkcs1PublicKeysAndRejectsSmallOnes() throws Exception {
    KeyPair small = TestKeys.rsa("small", 2048);
    assertThatThrownBy(() -> PublicKeyReader.parse(TestKeys.publicPem(small).getBytes(StandardCharsets.US_ASCII), "pub.pem"))
        .hasMessageContaining("2048-bit RSA public key");
    assertThatThrownBy(() -> PublicKeyReader.parse(TestKeys.pkcs8Pem(small).getBytes(StandardCharsets.US_ASCII), "pub.pem"))
        .hasMessageContaining("holds a private key");
  }
}
