package io.agentkit.core.oci;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What push-chart needs, free of Maven types.
 *
 * @param archive the packaged chart (.tgz); a {@code <archive>.prov} beside it is pushed too
 * @param repository {@code oci://host[:port]/path}, or the {@code https://} URL of a Helm HTTP repository
 * @param created the manifest's created annotation: the build timestamp
 * @param connection plain HTTP, proxy, retries, TLS and trusted token hosts
 * @param credentials where the registry's credentials may be found
 * @param outputDirectory where {@code <chart>-<version>.digest} and {@code .reference} are written, or null for nowhere
 * @param requireProvenance fail when the chart has no provenance file
 * @param uploadMethod how to upload to an HTTP repository
 */
public record PushRequest(
    Path archive,
    String repository,
    Instant created,
    Connection connection,
    CredentialSources credentials,
    Path outputDirectory,
    boolean requireProvenance,
    UploadMethod uploadMethod) {

  public PushRequest {
    uploadMethod = uploadMethod == null ? UploadMethod.CHARTMUSEUM : uploadMethod;
  }
}
