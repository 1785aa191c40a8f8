package io.agentkit.core.chart;

import io.agentkit.core.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What package-chart writes besides the archive: the provenance file when signing, and a static
 * repository's index.yaml. The signing key is read and unlocked in {@link #prepare} (before the
 * archive is written), so a wrong passphrase leaves nothing behind.
 */
public final class PackageOutputs {

  /**
   * @param keyFile armored secret key or binary keyring
   * @param keyId which key, or null when the file holds one
   * @param passphrase the key's passphrase, or null for an unprotected key
   */
  public record Signing(Path keyFile, String keyId, SigningKey.Passphrase passphrase) {}

  /**
   * @param signing how to sign, or null for an unsigned chart
   * @param index the index.yaml to write, or null
   * @param timestamp the build timestamp: the signature's creation time
   */
  public record Options(Signing signing, RepositoryIndex.Request index, Instant timestamp) {}

  /** @param provenance the .prov written, or null; @param index the index.yaml written, or null */
  public record Written(Path provenance, Path index) {}

  private final Options options;
  private final SigningKey key;
  private final BuildLog log;

  private PackageOutputs(Options options, SigningKey key, BuildLog log) {
    this.options = options;
    this.key = key;
    this.log = log;
  }

  public static PackageOutputs prepare(Options options, BuildLog log) throws ChartException, IOException {
    Signing s = options.signing();
    SigningKey key = s == null ? null : SigningKey.load(s.keyFile(), s.keyId(), s.passphrase());
    return new PackageOutputs(options, key, log);
  }

  public Written write(PackageChart.Result chart) throws ChartException, IOException {
    Path prov = null;
    if (key != null) {
      prov = new ChartSigner(key, log).sign(chart, options.timestamp());
    } else {
      removeStaleProvenance(chart);
    }
    Path index = options.index() == null ? null : new RepositoryIndex(log).write(chart, options.index());
    return new Written(prov, index);
  }

  /**
   * An unsigned build leaves no provenance file of an earlier build beside the new archive when it no
   * longer matches: push-chart would push it, and every verifying install would fail.
   */
  private void removeStaleProvenance(PackageChart.Result chart) throws ChartException, IOException {
    Path prov = chart.archive().resolveSibling(chart.archive().getFileName() + Provenance.EXTENSION);
    if (!Files.isRegularFile(prov)) {
      return;
    }
    String listed;
    try {
      listed = Provenance.listedDigest(Files.readAllBytes(prov), chart.metadata().archiveName(), prov.toString());
    } catch (ChartException e) {
      listed = null;
    }
    if (!("sha256:" + chart.sha256()).equals(listed)) {
      Files.delete(prov);
      log.info("Removed " + prov + ": it signed an earlier build of the archive, and this build is not signed");
    }
  }
}
