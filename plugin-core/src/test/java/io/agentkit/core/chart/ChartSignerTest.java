package io.agentkit.core.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.core.RecordingLog;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing a packaged chart: Helm's provenance format, reproducible bytes, and every way the key or passphrase can be wrong. */
class ChartSignerTest {

  static final String PASSPHRASE = "correct horse battery staple";
  static final Instant BUILD = Instant.parse("2026-11-23T00:00:00Z");

  @TempDir Path dir;

  private PackageChart.Result chart(Path out) throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    String chartYaml = "apiVersion: v2\nname: demo\nversion: 1.2.3\ndescription: A demo chart\nmaintainers:\n  - name: Ann\n    email: ann@example.com\n";
    files.put("Chart.yaml", chartYaml.getBytes(StandardCharsets.UTF_8));
    byte[] bytes = ChartArchive.write("demo", files, BUILD);
    Files.createDirectories(out);
    Path archive = out.resolve("demo-1.2.3.tgz");
    Files.write(archive, bytes);
    ChartMetadata m = ChartMetadata.of(new YamlEditor(chartYaml, "Chart.yaml").original(), "Chart.yaml");
    return new PackageChart.Result(archive, m, bytes, Digests.sha256Hex(bytes));
  }

  private SigningKey.Passphrase passphrase() {
    return new SigningKey.Passphrase(PASSPHRASE.toCharArray(), "environment variable HELM_KEY_PASSPHRASE");
  }

  @Test
  void theProvenanceFileIsHelmsClearSignedMessageAndVerifies() throws Exception {
    TestPgpKeys keys = TestPgpKeys.rsa("Charts <charts@example.com>", PASSPHRASE.toCharArray());
    PackageChart.Result chart = chart(dir.resolve("a"));
    RecordingLog log = new RecordingLog();
    Path prov = new ChartSigner(SigningKey.load(keys.writeArmoredSecret(dir.resolve("key.asc")), null, passphrase()), log).sign(chart, BUILD);
    String text = Files.readString(prov);
    assertThat(prov.getFileName()).hasToString("demo-1.2.3.tgz.prov");
    assertThat(text).startsWith("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n"
        + "apiVersion: v2\ndescription: A demo chart\nmaintainers:\n- - email: ann@example.com\n  name: Ann\nname: demo\nversion: 1.2.3\n\n...\n"
        + "files:\n  demo-1.2.3.tgz: sha256:" + chart.sha256() + "\n-----BEGIN PGP SIGNATURE-----\n\n")
        .endsWith("-----END PGP SIGNATURE-----\n").doesNotContain("\nVersion:");
    assertThat(Provenance.listedDigest(text.getBytes(StandardCharsets.UTF_8), "demo-1.2.3.tgz", "x")).isEqualTo("sha256:" + chart.sha256());
    assertThat(log.text()).contains("Signed demo-1.2.3.tgz with key " + keys.fingerprint().toUpperCase()).doesNotContain(PASSPHRASE);

    // An independent check of the signature over the canonical text (dash-escaping undone, CRLF line ends, no final line end).
    String signed = text.substring(text.indexOf("\n\n") + 2, text.indexOf("\n-----BEGIN PGP SIGNATURE-----")).replace("\n- -", "\n-").replace("\n", "\r\n");
    String armored = text.substring(text.indexOf("-----BEGIN PGP SIGNATURE-----"));
    PGPSignature signature = ((PGPSignatureList) new BcPGPObjectFactory(PGPUtil.getDecoderStream(
        new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))).nextObject()).get(0);
    signature.init(new BcPGPContentVerifierBuilderProvider(), keys.pub.getPublicKey());
    signature.update(signed.getBytes(StandardCharsets.UTF_8));
    assertThat(signature.verify()).isTrue();
    assertThat(signature.getCreationTime().toInstant()).isEqualTo(keys.pub.getPublicKey().getCreationTime().toInstant().isAfter(BUILD)
        ? keys.pub.getPublicKey().getCreationTime().toInstant() : BUILD);
    signature.init(new BcPGPContentVerifierBuilderProvider(), keys.pub.getPublicKey());
    signature.update(signed.replace("sha256:", "sha256:0").getBytes(StandardCharsets.UTF_8));
    assertThat(signature.verify()).as("a changed digest breaks the signature").isFalse();
  }

  @Test
  void theSameKeyAndInputsGiveTheSameBytes() throws Exception {
    for (TestPgpKeys keys : new TestPgpKeys[] {TestPgpKeys.rsa("R <r@example.com>", null), TestPgpKeys.ed25519("E <e@example.com>", null)}) {
      Path key = keys.writeBinarySecret(dir.resolve("k.gpg"));
      Instant later = Instant.now().minusSeconds(60);
      byte[] a = Files.readAllBytes(new ChartSigner(SigningKey.load(key, null, null), new RecordingLog()).sign(chart(dir.resolve("a")), later));
      byte[] b = Files.readAllBytes(new ChartSigner(SigningKey.load(key, null, null), new RecordingLog()).sign(chart(dir.resolve("b")), later));
      assertThat(b).isEqualTo(a);
      byte[] c = Files.readAllBytes(new ChartSigner(SigningKey.load(key, null, null), new RecordingLog()).sign(chart(dir.resolve("c")), later.plusSeconds(1)));
      assertThat(c).as("another timestamp, another signature").isNotEqualTo(a);
    }
  }

  @Test
  void aProtectedKeyNeedsTheRightPassphraseWhichIsNeverShown() throws Exception {
    Path key = TestPgpKeys.rsa("Charts <charts@example.com>", PASSPHRASE.toCharArray()).writeArmoredSecret(dir.resolve("key.asc"));
    assertThatThrownBy(() -> SigningKey.load(key, null, null)).isInstanceOf(ChartException.class)
        .hasMessageContaining("is protected by a passphrase, and none was given").hasMessageContaining("signingServerId").hasMessageContaining("HELM_KEY_PASSPHRASE");
    String wrong = "not the passphrase 42";
    assertThatThrownBy(() -> SigningKey.load(key, null, new SigningKey.Passphrase(wrong.toCharArray(), "settings.xml server 'signing'")))
        .isInstanceOf(ChartException.class).hasMessageContaining("the passphrase from settings.xml server 'signing' does not unlock the key")
        .hasMessageNotContaining(wrong);
  }

  @Test
  void aKeyringWithSeveralKeysNeedsSigningKeyId() throws Exception {
    TestPgpKeys one = TestPgpKeys.ed25519("One <one@example.com>", null);
    TestPgpKeys two = TestPgpKeys.ed25519("Two <two@example.com>", null);
    Path ring = dir.resolve("ring.gpg");
    Files.write(ring, concat(one.writeBinarySecret(dir.resolve("1")), two.writeBinarySecret(dir.resolve("2"))));
    assertThatThrownBy(() -> SigningKey.load(ring, null, null)).hasMessageStartingWith("signingKeyId: 2 keys in").hasMessageContaining("One <one@example.com>");
    assertThat(SigningKey.load(ring, "two@example", null).userId()).isEqualTo("Two <two@example.com>");
    assertThat(SigningKey.load(ring, one.fingerprint().toUpperCase(), null).userId()).isEqualTo("One <one@example.com>");
    assertThat(SigningKey.load(ring, "0x" + one.fingerprint().substring(24), null).userId()).isEqualTo("One <one@example.com>");
    assertThatThrownBy(() -> SigningKey.load(ring, "nobody", null)).hasMessageContaining("no key in " + ring + " matches 'nobody'");
  }

  @Test
  void aPublicKeyOrOtherFileIsNotASigningKey() throws Exception {
    Path pub = TestPgpKeys.ed25519("P <p@example.com>", null).writePublicKeyring(dir.resolve("pub.gpg"));
    assertThatThrownBy(() -> SigningKey.load(pub, null, null)).hasMessageStartingWith("signingKey: ");
    assertThatThrownBy(() -> SigningKey.load(dir.resolve("missing.asc"), null, null)).hasMessageContaining("does not exist");
  }

  @Test
  void anUnsignedBuildRemovesAProvenanceFileThatNoLongerMatches() throws Exception {
    PackageChart.Result chart = chart(dir.resolve("a"));
    Path prov = dir.resolve("a/demo-1.2.3.tgz.prov");
    Files.writeString(prov, "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nname: demo\n\n...\nfiles:\n  demo-1.2.3.tgz: sha256:00\n-----BEGIN PGP SIGNATURE-----\n");
    RecordingLog log = new RecordingLog();
    PackageOutputs.prepare(new PackageOutputs.Options(null, null, BUILD), log).write(chart);
    assertThat(prov).doesNotExist();
    assertThat(log.text()).contains("Removed " + prov);
  }

  private static byte[] concat(Path a, Path b) throws Exception {
    byte[] x = Files.readAllBytes(a);
    byte[] y = Files.readAllBytes(b);
    byte[] all = new byte[x.length + y.length];
    System.arraycopy(x, 0, all, 0, x.length);
    System.arraycopy(y, 0, all, x.length, y.length);
    return all;
  }
}
