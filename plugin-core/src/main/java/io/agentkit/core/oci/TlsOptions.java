package io.agentkit.core.oci;

import java.nio.file.Path;

/**
 * How to trust a registry's TLS certificate beyond the JVM's trust store: a CA bundle for this
 * registry only, or (for a self-signed test registry) no verification at all.
 *
 * @param caFile PEM file of one or more CA certificates, trusted in addition to the JVM's, or null
 * @param insecure skip certificate and host name verification for the registry's host
 * @param forceInsecure let {@code insecure} apply to a host that is not a loopback address
 */
public record TlsOptions(Path caFile, boolean insecure, boolean forceInsecure) {

  /** The JVM's trust store, nothing else. */
  public static final TlsOptions DEFAULT = new TlsOptions(null, false, false);
}
