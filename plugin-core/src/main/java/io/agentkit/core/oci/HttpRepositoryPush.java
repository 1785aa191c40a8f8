package io.agentkit.core.oci;

import io.agentkit.core.BuildLog;
import io.agentkit.core.chart.ChartException;
import io.agentkit.core.chart.ChartMetadata;
import io.agentkit.core.chart.Digests;
import io.agentkit.core.chart.Provenance;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;

/**
 * push-chart to a Helm HTTP repository (ChartMuseum, Artifactory, Nexus): the .tgz, then the .prov
 * when the chart is signed, with ChartMuseum's API or plain PUTs. The chart's file is fetched first:
 * when the repository already serves the same bytes, nothing is uploaded. Credentials, TLS, retries
 * and their scoping are those of OCI pushes ({@link RegistryHttp}).
 */
final class HttpRepositoryPush {

  private static final String OCTETS = "application/octet-stream";

  private final BuildLog log;

  HttpRepositoryPush(BuildLog log) {
    this.log = log;
  }

  PushChart.Result push(PushRequest request, ChartMetadata metadata, byte[] archive, byte[] provenance) throws ChartException {
    URI repository = parse(request.repository(), request.connection().plainHttp());
    String path = repository.getRawPath() == null ? "" : repository.getRawPath().replaceAll("/+$", "");
    URI origin = URI.create(repository.getScheme() + "://" + repository.getRawAuthority());
    String registry = repository.getRawAuthority();
    RegistryHttp http = new RegistryHttp(origin, request.connection(), new RegistryCredentials(registry, request.credentials(), log), log);
    String file = metadata.archiveName();
    boolean chartMuseum = request.uploadMethod() == UploadMethod.CHARTMUSEUM;
    URI chartUrl = URI.create(origin + path + (chartMuseum ? "/charts/" : "/") + file);
    String digest = "sha256:" + Digests.sha256Hex(archive);

    HttpResponse<byte[]> existing = http.send("GET", chartUrl, null, Map.of());
    if (existing.statusCode() == 200 && Arrays.equals(existing.body(), archive)) {
      log.info(file + " is already in " + repository + " with the same bytes, not uploaded");
      uploadProvenance(http, origin, path, chartMuseum, chartUrl, provenance, true);
      return new PushChart.Result(chartUrl.toString(), digest, 0, 1, false);
    }
    if (chartMuseum) {
      HttpResponse<byte[]> r = http.send("POST", URI.create(origin + "/api" + path + "/charts"), archive, Map.of("Content-Type", OCTETS));
      refuseConflict(http, r, file, repository);
      http.expect(r, "uploading " + file + " (ChartMuseum API)", 200, 201);
    } else {
      HttpResponse<byte[]> r = http.send("PUT", chartUrl, archive, Map.of("Content-Type", OCTETS));
      refuseConflict(http, r, file, repository);
      http.expect(r, "uploading " + file + " (PUT)", 200, 201, 204);
    }
    log.info("Uploaded " + file + " (" + archive.length + " bytes, " + digest + ") to " + repository);
    uploadProvenance(http, origin, path, chartMuseum, chartUrl, provenance, false);
    log.info("Pushed " + chartUrl);
    log.info("Install with: helm repo add <name> " + repository + " && helm install " + metadata.name() + " <name>/" + metadata.name() + " --version "
        + metadata.version() + (provenance == null ? "" : " --verify --keyring <public keyring>"));
    return new PushChart.Result(chartUrl.toString(), digest, 1, 0, true);
  }

  private void uploadProvenance(RegistryHttp http, URI origin, String path, boolean chartMuseum, URI chartUrl, byte[] provenance, boolean onlyIfMissing)
      throws ChartException {
    if (provenance == null) {
      return;
    }
    URI provUrl = URI.create(chartUrl + Provenance.EXTENSION);
    if (onlyIfMissing) {
      HttpResponse<byte[]> existing = http.send("GET", provUrl, null, Map.of());
      if (existing.statusCode() == 200 && Arrays.equals(existing.body(), provenance)) {
        return;
      }
    }
    HttpResponse<byte[]> r = chartMuseum
        ? http.send("POST", URI.create(origin + "/api" + path + "/prov"), provenance, Map.of("Content-Type", OCTETS))
        : http.send("PUT", provUrl, provenance, Map.of("Content-Type", OCTETS));
    http.expect(r, "uploading the provenance file", 200, 201, 204);
    log.info("Uploaded the provenance file " + provUrl.getPath());
  }

  private static void refuseConflict(RegistryHttp http, HttpResponse<byte[]> r, String file, URI repository) throws RegistryException {
    if (r.statusCode() == 409) {
      throw new RegistryException("chartRepository", repository + " already has " + file + " with other content, and does not overwrite it",
          "release a new chart version; for snapshots, snapshotVersions=timestamp gives each build its own version");
    }
  }

  static URI parse(String url, boolean plainHttp) throws RegistryException {
    String fix = "write https://host[:port]/path of the Helm repository, e.g. https://charts.example.com/stable";
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new RegistryException("chartRepository", "'" + url + "' is not a URL", fix);
    }
    if (uri.getHost() == null) {
      throw new RegistryException("chartRepository", "'" + url + "' names no host", fix);
    }
    if (uri.getRawUserInfo() != null) {
      throw new RegistryException("chartRepository", "the repository URL carries credentials, which would end up in logs",
          "remove them from the URL and put them in a settings.xml <server> whose id is the host (or serverId)");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new RegistryException("chartRepository", "'" + url + "' has a query or fragment", fix);
    }
    if (uri.getScheme().equals("http") && !plainHttp) {
      throw new RegistryException("chartRepository", "'" + url + "' is plain HTTP, where credentials and the chart travel unprotected",
          "use https://; for a local test repository set plainHttp=true");
    }
    return uri;
  }
}
