package io.agentkit.core.chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * OpenPGP keys made in the test with Bouncy Castle (no gpg needed): the secret key as package-chart
 * reads it (armored or binary) and the public keyring as helm reads it (binary).
 */
public final class TestPgpKeys {

  public final PGPSecretKeyRing secret;
  public final PGPPublicKeyRing pub;

  private TestPgpKeys(PGPSecretKeyRing secret, PGPPublicKeyRing pub) {
    this.secret = secret;
    this.pub = pub;
  }

  /** An RSA 2048 key that signs and certifies, created a day ago, protected by {@code passphrase} (or not, when null). */
  public static TestPgpKeys rsa(String userId, char[] passphrase) throws Exception {
    RSAKeyPairGenerator g = new RSAKeyPairGenerator();
    g.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), new SecureRandom(), 2048, 80));
    return ring(new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, g.generateKeyPair(), created()), userId, passphrase);
  }

  /** An Ed25519 (EdDSA legacy, as GnuPG 2.2 makes) key. */
  public static TestPgpKeys ed25519(String userId, char[] passphrase) throws Exception {
    Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
    g.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
    return ring(new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, g.generateKeyPair(), created()), userId, passphrase);
  }

  private static Date created() {
    return Date.from(Instant.now().minusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  private static TestPgpKeys ring(PGPKeyPair pair, String userId, char[] passphrase) throws Exception {
    PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    hashed.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
    PGPKeyRingGenerator gen = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId, sha1, hashed.generate(), null,
        new BcPGPContentSignerBuilder(pair.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256),
        passphrase == null ? null : new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256, sha1).build(passphrase));
    return new TestPgpKeys(gen.generateSecretKeyRing(), gen.generatePublicKeyRing());
  }

  /** The secret key, ASCII-armored, as {@code gpg --export-secret-keys --armor} writes it. */
  public Path writeArmoredSecret(Path file) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArmoredOutputStream armor = new ArmoredOutputStream(out)) {
      secret.encode(armor);
    }
    Files.write(file, out.toByteArray());
    return file;
  }

  /** The secret key as a binary keyring. */
  public Path writeBinarySecret(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      secret.encode(out);
    }
    return file;
  }

  /** The public keyring, binary, as helm verify --keyring reads it. */
  public Path writePublicKeyring(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      pub.encode(out);
    }
    return file;
  }

  /** Fingerprint in hex, lower case. */
  public String fingerprint() {
    return java.util.HexFormat.of().formatHex(pub.getPublicKey().getFingerprint());
  }
}
