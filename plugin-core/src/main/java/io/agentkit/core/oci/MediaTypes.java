package io.agentkit.core.oci;

/** The media types and annotation keys of a Helm chart in an OCI registry, as Helm writes and reads them. */
public final class MediaTypes {

  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
  public static final String HELM_CHART_CONTENT = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
  public static final String HELM_PROVENANCE = "application/vnd.cncf.helm.chart.provenance.v1.prov";

  public static final String ANNOTATION_TITLE = "org.opencontainers.image.title";
  public static final String ANNOTATION_VERSION = "org.opencontainers.image.version";
  public static final String ANNOTATION_DESCRIPTION = "org.opencontainers.image.description";
  public static final String ANNOTATION_URL = "org.opencontainers.image.url";
  public static final String ANNOTATION_SOURCE = "org.opencontainers.image.source";
  public static final String ANNOTATION_AUTHORS = "org.opencontainers.image.authors";
  public static final String ANNOTATION_CREATED = "org.opencontainers.image.created";

  private MediaTypes() {}
}
