package io.agentkit.maven;

import io.agentkit.core.chart.ChartException;
import io.agentkit.core.oci.Connection;
import io.agentkit.core.oci.RetryPolicy;
import io.agentkit.core.oci.TlsOptions;
import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * How a goal reaches a registry or chart repository: plain HTTP, retries, TLS trust and which token
 * services may receive the credentials. Shared by the goals that publish.
 */
public abstract class RegistryParameters extends AbstractGoalMojo {

  /**
   * Talk plain HTTP to the registry instead of HTTPS (a local test registry). Never chosen silently;
   * credentials travel over plain HTTP only when this is set.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.plainHttp", defaultValue = "false")
  private boolean plainHttp;

  /**
   * Id of the settings.xml {@code <server>} holding the registry's credentials. Default: the
   * registry's {@code host[:port]}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.serverId")
  private String serverId;

  /**
   * Attempts per request when the registry is unreachable or answers 5xx/429; waits double from
   * 0.5 s up to 8 s.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.registryAttempts", defaultValue = "4")
  private int registryAttempts;

  /**
   * A PEM file of CA certificates to trust for this registry, in addition to the JVM's trust store
   * (which is not changed): for registries with a certificate from a private CA.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.caFile")
  private File caFile;

  /**
   * Skip TLS certificate and host name verification for the registry's host (a self-signed test
   * registry). Logs a warning; only allowed for a loopback address unless {@code forceInsecure} is
   * set. Token services and other hosts are still verified.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.insecure", defaultValue = "false")
  private boolean insecure;

  /**
   * Let {@code insecure} apply to a registry that is not on this machine. Anyone on the network path
   * could then read the credentials and replace the chart.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.forceInsecure", defaultValue = "false")
  private boolean forceInsecure;

  /**
   * Hosts of Bearer token services, besides the registry's own host, that may receive the registry's
   * credentials (e.g. {@code auth.docker.io} for Docker Hub). A token service elsewhere receives
   * nothing, and the push fails naming it.
   *
   * @since 0.1.0
   */
  @Parameter(property = "humanitec-agent.trustedAuthRealms")
  private List<String> trustedAuthRealms;

  protected boolean plainHttp() {
    return plainHttp;
  }

  /** The configured server id, else {@code fallback} (the registry's host[:port]). */
  protected String serverId(String fallback) {
    return serverId != null && !serverId.isBlank() ? serverId : fallback;
  }

  protected Connection connection(MavenRegistrySettings settings) throws ChartException {
    if (registryAttempts < 1) {
      throw new ChartException("registryAttempts", registryAttempts + " attempts would never send a request", "use 1 or more (default 4)");
    }
    return new Connection(plainHttp, settings.proxy(plainHttp ? "http" : "https"),
        new RetryPolicy(registryAttempts, RetryPolicy.DEFAULT.initialDelay(), RetryPolicy.DEFAULT.maxDelay()),
        new TlsOptions(caFile == null ? null : caFile.toPath(), insecure, forceInsecure), trustedAuthRealms);
  }
}
