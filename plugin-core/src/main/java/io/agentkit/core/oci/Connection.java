package io.agentkit.core.oci;

import java.util.List;

/**
 * How to talk to one registry or chart repository, free of Maven types.
 *
 * @param plainHttp talk HTTP instead of HTTPS; only when asked. It also is the only way credentials
 *     may travel over plain HTTP (to this registry or a token service of it).
 * @param proxy the proxy to use, or null
 * @param retry attempts and waits for connection failures, 5xx and 429
 * @param tls what to trust beyond the JVM's trust store
 * @param trustedAuthRealms hosts ({@code host} or {@code host:port}) besides the registry's own that
 *     may receive its credentials as a Bearer token service (Docker Hub's {@code auth.docker.io})
 */
public record Connection(boolean plainHttp, ProxySettings proxy, RetryPolicy retry, TlsOptions tls, List<String> trustedAuthRealms) {

  public Connection {
    tls = tls == null ? TlsOptions.DEFAULT : tls;
    trustedAuthRealms = trustedAuthRealms == null ? List.of() : List.copyOf(trustedAuthRealms);
  }

  /** HTTPS (or HTTP when {@code plainHttp}), no proxy, default retries, the JVM's trust store, no other token hosts. */
  public static Connection of(boolean plainHttp) {
    return new Connection(plainHttp, null, RetryPolicy.DEFAULT, TlsOptions.DEFAULT, List.of());
  }
}
