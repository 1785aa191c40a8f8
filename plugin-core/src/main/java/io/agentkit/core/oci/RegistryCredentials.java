package io.agentkit.core.oci;

import io.agentkit.core.BuildLog;
import java.util.List;
import java.util.Optional;

/**
 * A registry's credentials, looked up the first time the registry asks for them (so an anonymous
 * registry never runs a credential helper), then kept for the push. Knows what it looked at and the
 * setting to name when the registry refuses.
 */
class RegistryCredentials {

  private final String registry;
  private final CredentialSources sources;
  private final BuildLog log;
  private final CredentialLookup lookup;
  private Optional<Credentials> found;

  RegistryCredentials(String registry, CredentialSources sources, BuildLog log) {
    this.registry = registry;
    this.sources = sources;
    this.log = log;
    this.lookup = new CredentialLookup();
  }

  Optional<Credentials> get() throws RegistryException {
    if (found == null) {
      found = lookup.find(registry, sources.settingsCredentials(), "settings.xml server '" + sources.serverId() + "'", sources.env(), sources.userHome());
      found.ifPresent(c -> log.info("Registry credentials: " + c));
    }
    return found;
  }

  List<String> tried() {
    return lookup.tried();
  }

  /** The registry (or its token service) refused the credentials. */
  RegistryException refused(String what) {
    return new RegistryException("serverId", what, "check that user's password or token and its push permission for this repository");
  }

  RegistryException missing() {
    return new RegistryException("serverId", "registry " + registry + " requires authentication, and no credentials were found (looked at: "
        + String.join(", ", lookup.tried()) + ")", "add a <server> with that id, username and password to settings.xml, set the environment variables "
        + CredentialLookup.USERNAME_VARIABLE + " and " + CredentialLookup.PASSWORD_VARIABLE + ", or log in with helm registry login or docker login");
  }
}
