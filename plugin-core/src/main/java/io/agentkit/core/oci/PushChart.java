package io.agentkit.core.oci;

import io.agentkit.core.BuildLog;
import io.agentkit.core.chart.ChartArchiveReader;
import io.agentkit.core.chart.ChartException;
import io.agentkit.core.chart.ChartMetadata;
import io.agentkit.core.chart.Digests;
import io.agentkit.core.chart.Provenance;
import io.agentkit.core.chart.SemVer;
import io.agentkit.core.io.AtomicFiles;
import io.agentkit.core.io.FileMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code push-chart} operation: uploads a packaged chart, and its provenance file when there is
 * one, as Helm's OCI artifact, or to a Helm HTTP repository. Blobs the registry already has are not
 * sent again (HEAD first), and an unchanged tag is left alone, so a second push of the same build
 * uploads nothing. Writes the manifest digest and the full reference for the pipeline.
 */
public final class PushChart {

  /**
   * What was pushed and how much had to be sent.
   *
   * @param reference {@code host/path/name:tag}, or the chart's URL in an HTTP repository
   * @param digest the manifest digest ({@code sha256:...}), or the archive's for an HTTP repository
   */
  public record Result(String reference, String digest, int blobsUploaded, int blobsSkipped, boolean manifestUploaded) {}

  private final BuildLog log;

  public PushChart(BuildLog log) {
    this.log = log;
  }

  public Result run(PushRequest request) throws ChartException, IOException {
    boolean http = request.repository() != null && (request.repository().startsWith("https://") || request.repository().startsWith("http://"));
    OciReference target = http ? null : OciReference.parse(request.repository(), "chartRepository");
    AuthRealms.validate(request.connection().trustedAuthRealms());
    if (!Files.isRegularFile(request.archive())) {
      throw new ChartException("chartArchive", request.archive() + " does not exist", "run package-chart first (e.g. mvn package), or point chartArchive at a chart .tgz");
    }
    byte[] archive = Files.readAllBytes(request.archive());
    ChartMetadata metadata = ChartArchiveReader.metadata(archive, request.archive().toString());
    byte[] provenance = provenance(request, metadata, archive);
    Result result = http
        ? new HttpRepositoryPush(log).push(request, metadata, archive, provenance)
        : pushOci(request, target, metadata, archive, provenance);
    writeOutputs(request, metadata, result);
    return result;
  }

  private Result pushOci(PushRequest request, OciReference target, ChartMetadata metadata, byte[] archive, byte[] provenance) throws ChartException {
    HelmArtifact artifact = HelmArtifact.of(metadata, archive, provenance, request.created());
    String repository = target.repository(metadata.name());
    String tag = SemVer.toOciTag(metadata.version());
    RegistryClient client = new RegistryClient(target.registry(), request.connection(), new RegistryCredentials(target.registry(), request.credentials(), log), log);

    int uploaded = 0;
    int skipped = 0;
    for (HelmArtifact.Blob blob : artifact.blobs()) {
      if (client.blobExists(repository, blob.digest())) {
        log.info("Blob " + blob.digest() + " (" + blob.content().length + " bytes) is already in " + repository + ", not uploaded");
        skipped++;
      } else {
        client.uploadBlob(repository, blob);
        log.info("Uploaded blob " + blob.digest() + " (" + blob.content().length + " bytes, " + blob.mediaType() + ")");
        uploaded++;
      }
    }
    boolean manifestUploaded = false;
    if (client.manifestDigest(repository, tag).filter(artifact.manifestDigest()::equals).isPresent()) {
      log.info("Tag " + tag + " already names manifest " + artifact.manifestDigest() + ", not uploaded");
    } else {
      Optional<String> reported = client.putManifest(repository, tag, artifact.manifest());
      if (reported.isPresent() && !reported.get().equals(artifact.manifestDigest())) {
        throw new RegistryException("chartRepository", "registry " + target.registry() + " stored the manifest as " + reported.get() + ", not as "
            + artifact.manifestDigest() + " which was sent", "check that nothing between this build and the registry rewrites requests");
      }
      manifestUploaded = true;
    }
    String reference = target.registry() + "/" + repository + ":" + tag;
    log.info("Pushed " + reference + (provenance == null ? "" : " with its provenance (signed)"));
    log.info("Digest: " + artifact.manifestDigest());
    log.info("Install with: helm install " + metadata.name() + " " + OciReference.SCHEME + target.registry() + "/" + repository
        + " --version " + metadata.version() + (request.connection().plainHttp() ? " --plain-http" : "") + (provenance == null ? "" : " --verify --keyring <public keyring>")
        + " --namespace humanitec-agent --create-namespace --set humanitec.org=<org-id> --set-file humanitec.privateKey=humanitec_agent_private_key.pem");
    return new Result(reference, artifact.manifestDigest(), uploaded, skipped, manifestUploaded);
  }

  /**
   * The {@code <archive>.prov} beside the archive, checked to list this archive's digest: a stale
   * provenance file from an earlier build would make every {@code helm pull --verify} fail.
   */
  private byte[] provenance(PushRequest request, ChartMetadata metadata, byte[] archive) throws ChartException, IOException {
    Path file = request.archive().resolveSibling(request.archive().getFileName() + Provenance.EXTENSION);
    if (!Files.isRegularFile(file)) {
      if (request.requireProvenance()) {
        throw new ChartException("requireProvenance", "the chart is not signed: " + file + " does not exist",
            "sign it with package-chart -Dhumanitec-agent.sign=true (signingKey, signingKeyId), or unset requireProvenance");
      }
      return null;
    }
    byte[] prov = Files.readAllBytes(file);
    String listed = Provenance.listedDigest(prov, metadata.archiveName(), file.toString());
    String actual = "sha256:" + Digests.sha256Hex(archive);
    if (!actual.equals(listed)) {
      throw new ChartException("chartArchive", file + (listed == null ? " lists no digest for " + metadata.archiveName() : " lists " + listed + " for "
          + metadata.archiveName() + ", but the archive is " + actual) + ": it belongs to another build of the chart",
          "package and sign again (package-chart -Dhumanitec-agent.sign=true), or delete the stale .prov");
    }
    return prov;
  }

  /** {@code <chart>-<version>.digest} and {@code .reference}, as Jib writes {@code jib-image.digest}: what a pipeline pins. */
  private void writeOutputs(PushRequest request, ChartMetadata metadata, Result result) throws IOException {
    if (request.outputDirectory() == null) {
      return;
    }
    String base = metadata.name() + "-" + metadata.version();
    Path digest = request.outputDirectory().resolve(base + ".digest");
    Path reference = request.outputDirectory().resolve(base + ".reference");
    Files.createDirectories(request.outputDirectory());
    AtomicFiles.writeReplacing(digest, result.digest().getBytes(StandardCharsets.UTF_8), FileMode.PUBLIC);
    boolean oci = !result.reference().startsWith("http");
    String full = oci ? OciReference.SCHEME + result.reference() + "@" + result.digest() : result.reference();
    AtomicFiles.writeReplacing(reference, (full + "\n").getBytes(StandardCharsets.UTF_8), FileMode.PUBLIC);
    log.info("Wrote " + digest.getFileName() + " and " + reference.getFileName() + " to " + request.outputDirectory());
  }
}
