package io.agentkit.core.chart;

import io.agentkit.core.BuildLog;
import io.agentkit.core.io.AtomicFiles;
import io.agentkit.core.io.FileMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;

/**
 * Signs a packaged chart the way {@code helm package --sign} does: a clear-signed provenance file
 * with a SHA-512 signature over the canonical text (trailing whitespace dropped, CRLF line ends), in
 * an armor without version header. The signature's creation time is the build timestamp (never
 * before the key's own creation), so the same key and inputs give the same bytes with RSA and EdDSA
 * keys; DSA and ECDSA signatures take a random nonce and differ each time (all still verify).
 */
public final class ChartSigner {

  private final SigningKey key;
  private final BuildLog log;

  public ChartSigner(SigningKey key, BuildLog log) {
    this.key = key;
    this.log = log;
  }

  /** Writes {@code <archive>.prov} beside the archive, atomically. */
  public Path sign(PackageChart.Result chart, Instant timestamp) throws ChartException, IOException {
    String prov = clearSign(Provenance.messageBlock(chart.metadata(), chart.archive().getFileName().toString(), chart.bytes()), signatureTime(timestamp));
    Path file = chart.archive().resolveSibling(chart.archive().getFileName() + Provenance.EXTENSION);
    AtomicFiles.writeReplacing(file, prov.getBytes(StandardCharsets.UTF_8), FileMode.PUBLIC);
    int algorithm = key.secretKey().getPublicKey().getAlgorithm();
    if (algorithm == org.bouncycastle.bcpg.PublicKeyAlgorithmTags.EDDSA_LEGACY || algorithm == org.bouncycastle.bcpg.PublicKeyAlgorithmTags.Ed25519
        || algorithm == org.bouncycastle.bcpg.PublicKeyAlgorithmTags.Ed448) {
      log.warn("The chart is signed with an EdDSA key: helm 4 verifies it, helm 3 cannot (its OpenPGP library knows RSA, DSA and ECDSA only). "
          + "Sign with an RSA key if helm 3 users must verify.");
    }
    log.info("Signed " + chart.archive().getFileName() + " with key " + key.fingerprint().toUpperCase(java.util.Locale.ROOT)
        + (key.userId().isEmpty() ? "" : " (" + key.userId() + ")") + " into " + file);
    return file;
  }

  /** The build timestamp, or the key's creation time when the key is younger: a signature older than its key does not verify. */
  private Instant signatureTime(Instant timestamp) throws ChartException {
    Instant created = key.secretKey().getPublicKey().getCreationTime().toInstant();
    if (timestamp.isAfter(Instant.now().plusSeconds(300))) {
      throw new ChartException("outputTimestamp", timestamp + " is in the future, and helm rejects signatures made in the future",
          "set project.build.outputTimestamp (or SOURCE_DATE_EPOCH) to a past time, e.g. the last commit's");
    }
    if (timestamp.isBefore(created)) {
      log.info("The signature's time is the key's creation time " + created + ": the build timestamp " + timestamp + " is older than the key");
      return created;
    }
    return timestamp;
  }

  String clearSign(String message, Instant time) throws ChartException {
    try {
      PGPSignatureGenerator generator = new PGPSignatureGenerator(
          new BcPGPContentSignerBuilder(key.secretKey().getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512), key.secretKey().getPublicKey());
      generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, key.privateKey());
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setSignatureCreationTime(false, Date.from(time));
      hashed.setIssuerFingerprint(false, key.secretKey());
      generator.setHashedSubpackets(hashed.generate());
      PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
      unhashed.setIssuerKeyID(false, key.secretKey().getKeyID());
      generator.setUnhashedSubpackets(unhashed.generate());

      StringBuilder text = new StringBuilder("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n");
      String[] lines = message.split("\n", -1);
      // The message ends with a newline: the last element is empty, and that final line end is the armor's, not signed.
      int count = message.endsWith("\n") ? lines.length - 1 : lines.length;
      for (int i = 0; i < count; i++) {
        String canonical = lines[i].replaceFirst("[ \t\r]+$", "");
        generator.update(canonical.getBytes(StandardCharsets.UTF_8));
        if (i < count - 1) {
          generator.update(new byte[] {'\r', '\n'});
        }
        // Dash-escaping (RFC 4880 7.1): a line starting with '-' is written "- -...".
        text.append(lines[i].startsWith("-") ? "- " : "").append(lines[i]).append('\n');
      }
      ByteArrayOutputStream armored = new ByteArrayOutputStream();
      try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(armored)) {
        BCPGOutputStream packets = new BCPGOutputStream(armor);
        generator.generate().encode(packets);
        packets.flush();
      }
      return text + armored.toString(StandardCharsets.US_ASCII).replace("\r\n", "\n");
    } catch (PGPException | IOException e) {
      throw new ChartException("signingKey", "signing with the key " + key.fingerprint() + " failed: " + e.getClass().getSimpleName(),
          "check that the key is a usable OpenPGP signing key (RSA, DSA, ECDSA or EdDSA)");
    }
  }
}
