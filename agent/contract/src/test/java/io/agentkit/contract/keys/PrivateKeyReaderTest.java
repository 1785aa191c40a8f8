package io.agentkit.contract.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.contract.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateKeyReaderTest {

  private static final KeyPair PAIR = TestKeys.rsa4096();

  @TempDir Path dir;

  @Test
  void readsPkcs8() throws Exception {
    AgentPrivateKey key = read(TestKeys.pkcs8Pem(PAIR));
    assertThat(key.format()).isEqualTo(PrivateKeyFormat.PKCS8);
    assertThat(key.bits()).isEqualTo(4096);
    assertThat(key.publicKey()).isEqualTo(PAIR.getPublic());
  }

  @Test
  void readsPkcs1() throws Exception {
    AgentPrivateKey key = read(TestKeys.pkcs1Pem(PAIR));
    assertThat(key.format()).isEqualTo(PrivateKeyFormat.PKCS1);
    assertThat(key.privateKey().getPrivateExponent()).isEqualTo(((java.security.interfaces.RSAPrivateKey) PAIR.getPrivate()).getPrivateExponent());
  }

  @Test
  void readsPkcs8UnderRsaLabel() throws Exception {
    AgentPrivateKey key = read(TestKeys.pkcs8UnderRsaLabelPem(PAIR));
    assertThat(key.format()).isEqualTo(PrivateKeyFormat.PKCS8_UNDER_RSA_LABEL);
    assertThat(key.fingerprint()).isEqualTo(Fingerprints.of(PAIR.getPublic()));
  }

  @Test
  void toleratesCrlfAndTextAroundTheBlock() throws Exception {
    String pem = "Bag Attributes\n    localKeyID: 01\n" + TestKeys.pkcs8Pem(PAIR).replace("\n", "\r\n");
    assertThat(read(pem).bits()).isEqualTo(4096);
  }

  @Test
  void rejectsEncryptedPkcs8WithHowToRemoveThePassphrase() {
    assertRejected(TestKeys.encryptedPkcs8Pem(PAIR, "secret"), TestKeys.pkcs8Pem(PAIR), "encrypted with a passphrase", "openssl pkey");
  }

  @Test
  void rejectsLegacyEncryptedPkcs1() {
    assertRejected(TestKeys.legacyEncryptedPkcs1Pem(PAIR), TestKeys.pkcs1Pem(PAIR), "encrypted with a passphrase", "openssl pkey");
  }

  @Test
  void rejectsEcKeyNamingTheAlgorithm() {
    KeyPair ec = TestKeys.ec();
    assertRejected(TestKeys.pkcs8Pem(ec), TestKeys.pkcs8Pem(ec), "is an EC key", "openssl genrsa");
    assertRejected("-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n", "AAAA", "is an EC key", "4096");
  }

  @Test
  void rejectsSmallKeyNamingItsSize() {
    KeyPair small = TestKeys.rsa("small", 2048);
    assertRejected(TestKeys.pkcs8Pem(small), TestKeys.pkcs8Pem(small), "2048-bit RSA key", "at least 4096 bits");
    assertRejected(TestKeys.pkcs1Pem(small), TestKeys.pkcs1Pem(small), "2048-bit RSA key", "openssl genrsa");
  }

  @Test
  void rejectsNonPemAndPublicKeysAndTruncatedFiles() {
    assertRejected("just some text\n", "just some text", "contains no PEM block", "");
    assertRejected(TestKeys.publicPem(PAIR), TestKeys.publicPem(PAIR), "is a public key", "humanitec_agent_private_key.pem");
    String pem = TestKeys.pkcs8Pem(PAIR);
    assertRejected(pem.substring(0, pem.length() / 2), pem.substring(0, pem.length() / 2), "truncated", "");
    String damaged = pem.replace(pem.substring(100, 140), "!!!!" + pem.substring(104, 140));
    assertRejected(damaged, damaged, "not valid base64", "");
  }

  @Test
  void rejectsMissingFileAndDirectory() {
    assertThatThrownBy(() -> PrivateKeyReader.read(dir.resolve("nope.pem"))).isInstanceOf(KeyFileException.class).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> PrivateKeyReader.read(dir)).isInstanceOf(KeyFileException.class).hasMessageContaining("is a directory");
  }

  @Test
  void toStringShowsNoKeyMaterial() throws Exception {
    String pem = TestKeys.pkcs8Pem(PAIR);
    AgentPrivateKey key = read(pem);
    assertThat(key.toString()).contains("fingerprint " + key.fingerprint()).contains("4096");
    for (String line : TestKeys.pemBodyLines(pem)) {
      assertThat(key.toString()).doesNotContain(line);
    }
    assertThat(key.toString()).doesNotContain(key.privateKey().getPrivateExponent().toString());
  }

  private AgentPrivateKey read(String pem) throws Exception {
    Path file = dir.resolve("key.pem");
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
    return PrivateKeyReader.read(file);
  }

  private void assertRejected(String pem, String secretPem, String problem, String fix) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> read(pem));
    assertThat(t).isInstanceOf(KeyFileException.class).hasMessageContaining(problem).hasMessageContaining(fix).hasMessageContaining("key.pem");
    assertThat(t.getCause()).isNull();
    for (String line : TestKeys.pemBodyLines(secretPem)) {
      if (line.length() >= 16) {
        assertThat(t.getMessage()).doesNotContain(line);
      }
    }
  }
}
