package io.agentkit.core.oci;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a push looks for the registry's credentials, free of Maven types.
 *
 * @param settingsCredentials credentials of the settings.xml server, or null
 * @param serverId the settings.xml server id that was looked up
 * @param env the environment: credential variables, config locations, and PATH for credential helpers
 * @param userHome for ~/.docker/config.json and Helm's registry config
 */
public record CredentialSources(Credentials settingsCredentials, String serverId, Map<String, String> env, Path userHome) {}
