package io.agentkit.core.oci;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What push-chart needs, free of Maven types.
 *
 * @param archive the packaged chart (.tgz)
 * @param repository {@code oci://host[:port]/path}
 * @param plainHttp talk HTTP instead of HTTPS; only when asked
 * @param created the manifest's created annotation: the build timestamp
 * @param settingsCredentials credentials of the settings.xml server, or null
 * @param serverId the settings.xml server id that was looked up
 * @param proxy the proxy to use, or null
 * @param env the environment, for credential variables and config locations
 * @param userHome for ~/.docker/config.json and Helm's registry config
 */
public record PushRequest(
    Path archive,
    String repository,
    boolean plainHttp,
    Instant created,
    Credentials settingsCredentials,
    String serverId,
    ProxySettings proxy,
    RetryPolicy retry,
    Map<String, String> env,
    Path userHome) {}
