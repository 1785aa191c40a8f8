package io.agentkit.maven;

import io.agentkit.core.api.AgentApiException;
import io.agentkit.core.api.ApiToken;
import java.util.stream.Collectors;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** The Agent API token: a settings.xml {@code <server>}'s password, decrypted the Maven way, else {@code HUMANITEC_TOKEN}. */
final class MavenApiToken {

  static final String DEFAULT_SERVER_ID = "humanitec";
  static final String ENVIRONMENT_VARIABLE = "HUMANITEC_TOKEN";
  private static final String SETTING = "apiServerId";

  private final Settings settings;
  private final SettingsDecrypter decrypter;

  MavenApiToken(Settings settings, SettingsDecrypter decrypter) {
    this.settings = settings;
    this.decrypter = decrypter;
  }

  ApiToken token(String serverId, String environmentToken) throws AgentApiException {
    String id = serverId == null || serverId.isBlank() ? DEFAULT_SERVER_ID : serverId.strip();
    Server server = settings.getServer(id);
    if (server != null) {
      SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
      java.util.List<SettingsProblem> errors = result.getProblems().stream().filter(p -> p.getSeverity() != SettingsProblem.Severity.WARNING).toList();
      if (!errors.isEmpty()) {
        throw new AgentApiException(SETTING, "the password of settings.xml <server> '" + id + "' cannot be decrypted: "
            + errors.stream().map(SettingsProblem::getMessage).collect(Collectors.joining("; ")),
            "check ~/.m2/settings-security.xml (its master password) or -Dsettings.security", AgentApiException.NO_ANSWER);
      }
      String password = result.getServer().getPassword();
      if (password == null || password.isEmpty()) {
        throw new AgentApiException(SETTING, "settings.xml <server> '" + id + "' has no <password>", "put the Agent API token into its <password>",
            AgentApiException.NO_ANSWER);
      }
      return new ApiToken(password, "settings.xml server '" + id + "'", SETTING);
    }
    if (environmentToken != null && !environmentToken.isEmpty()) {
      return new ApiToken(environmentToken, "environment variable " + ENVIRONMENT_VARIABLE, SETTING);
    }
    throw new AgentApiException(SETTING, "no Agent API token: settings.xml has no <server> with id '" + id + "' and " + ENVIRONMENT_VARIABLE + " is not set",
        "add <server><id>" + id + "</id><password>your token</password></server> to settings.xml (mvn --encrypt-password encrypts it), or export "
            + ENVIRONMENT_VARIABLE, AgentApiException.NO_ANSWER);
  }
}
