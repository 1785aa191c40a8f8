package io.agentkit.core.oci;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The few OCI distribution-spec calls a chart push needs, over {@link RegistryHttp} (authentication,
 * retries, redirects, credentials kept to the registry). Every request first goes out with the
 * authorization already earned; a 401 is answered once through its challenge, so anonymous
 * registries cost no extra round trip.
 *
 * <p>Not thread-safe: one client per push.
 */
final class RegistryClient {

  private final RegistryHttp http;
  private final URI base;

  RegistryClient(String registry, Connection connection, RegistryCredentials credentials, io.agentkit.core.BuildLog log) throws RegistryException {
    this.base = URI.create((connection.plainHttp() ? "http://" : "https://") + registry);
    this.http = new RegistryHttp(base, connection, credentials, log);
  }

  boolean blobExists(String repository, String digest) throws RegistryException {
    HttpResponse<byte[]> r = http.send("HEAD", uri("/v2/" + repository + "/blobs/" + digest), null, Map.of());
    return http.expect(r, "HEAD blob " + digest, 200, 404) == 200;
  }

  /**
   * POST an upload session, then PUT the whole blob into it (the monolithic upload every registry
   * supports). The session's Location may be on another origin (a storage front end): the PUT then
   * goes there without the registry's authorization.
   */
  void uploadBlob(String repository, HelmArtifact.Blob blob) throws RegistryException {
    HttpResponse<byte[]> session = http.send("POST", uri("/v2/" + repository + "/blobs/uploads/"), new byte[0], Map.of());
    http.expect(session, "starting the upload of " + blob.digest(), 202);
    String location = session.headers().firstValue("Location").orElseThrow(() -> http.unexpected(session, "the upload session has no Location"));
    URI target = base.resolve("/").resolve(location);
    if (!"https".equalsIgnoreCase(target.getScheme()) && !"http".equalsIgnoreCase(target.getScheme())) {
      throw http.unexpected(session, "the upload session's Location is not an http(s) URL");
    }
    String sep = target.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(target + sep + "digest=" + URLEncoder.encode(blob.digest(), StandardCharsets.UTF_8));
    HttpResponse<byte[]> done = http.send("PUT", put, blob.content(), Map.of("Content-Type", "application/octet-stream"));
    http.expect(done, "uploading " + blob.digest(), 201);
  }

  /** The digest of the manifest a tag names, if the tag exists. */
  Optional<String> manifestDigest(String repository, String tag) throws RegistryException {
    HttpResponse<byte[]> r = http.send("HEAD", uri("/v2/" + repository + "/manifests/" + tag), null, Map.of("Accept", MediaTypes.OCI_MANIFEST));
    return http.expect(r, "HEAD manifest " + tag, 200, 404) == 200 ? r.headers().firstValue("Docker-Content-Digest") : Optional.empty();
  }

  /** PUTs the manifest under {@code tag}; returns the digest the registry reports. */
  Optional<String> putManifest(String repository, String tag, byte[] manifest) throws RegistryException {
    HttpResponse<byte[]> r = http.send("PUT", uri("/v2/" + repository + "/manifests/" + tag), manifest, Map.of("Content-Type", MediaTypes.OCI_MANIFEST));
    http.expect(r, "uploading the manifest", 201);
    return r.headers().firstValue("Docker-Content-Digest");
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }
}
