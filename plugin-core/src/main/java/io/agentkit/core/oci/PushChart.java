package io.agentkit.core.oci;

import io.agentkit.core.BuildLog;
import io.agentkit.core.chart.ChartArchiveReader;
import io.agentkit.core.chart.ChartException;
import io.agentkit.core.chart.ChartMetadata;
import io.agentkit.core.chart.SemVer;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * The {@code push-chart} operation: uploads a packaged chart as Helm's OCI artifact. Blobs the
 * registry already has are not sent again (HEAD first), and an unchanged tag is left alone, so a
 * second push of the same build uploads nothing.
 */
public final class PushChart {

  /** What was pushed and how much had to be sent. */
  public record Result(String reference, String digest, int blobsUploaded, int blobsSkipped, boolean manifestUploaded) {}

  private final BuildLog log;

  public PushChart(BuildLog log) {
    this.log = log;
  }

  public Result run(PushRequest request) throws ChartException, IOException {
    OciReference target = OciReference.parse(request.repository(), "chartRepository");
    if (!Files.isRegularFile(request.archive())) {
      throw new ChartException("chartArchive", request.archive() + " does not exist", "run package-chart first (e.g. mvn package), or point chartArchive at a chart .tgz");
    }
    byte[] archive = Files.readAllBytes(request.archive());
    ChartMetadata metadata = ChartArchiveReader.metadata(archive, request.archive().toString());
    HelmArtifact artifact = HelmArtifact.of(metadata, archive, request.created());
    String repository = target.repository(metadata.name());
    String tag = SemVer.toOciTag(metadata.version());

    CredentialLookup lookup = new CredentialLookup();
    Optional<Credentials> credentials = lookup.find(target.registry(), request.settingsCredentials(),
        "settings.xml server '" + request.serverId() + "'", request.env(), request.userHome());
    credentials.ifPresent(c -> log.info("Registry credentials: " + c));
    RegistryClient client = new RegistryClient(target.registry(), request.plainHttp(), request.proxy(),
        new RegistryClient.Auth(credentials, lookup.tried(), "serverId"), request.retry(), log);

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
    log.info("Pushed " + reference);
    log.info("Digest: " + artifact.manifestDigest());
    log.info("Install with: helm install " + metadata.name() + " " + OciReference.SCHEME + target.registry() + "/" + repository
        + " --version " + metadata.version() + (request.plainHttp() ? " --plain-http" : "")
        + " --namespace humanitec-agent --create-namespace --set humanitec.org=<org-id> --set-file humanitec.privateKey=humanitec_agent_private_key.pem");
    return new Result(reference, artifact.manifestDigest(), uploaded, skipped, manifestUploaded);
  }
}
