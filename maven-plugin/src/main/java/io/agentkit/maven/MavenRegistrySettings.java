package io.agentkit.maven;

import io.agentkit.core.chart.ChartException;
import io.agentkit.core.chart.SigningKey;
import io.agentkit.core.oci.Credentials;
import io.agentkit.core.oci.ProxySettings;
import java.util.stream.Collectors;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** The registry's server credentials and the proxy from settings.xml, decrypted the Maven way, as plain core objects. */
final class MavenRegistrySettings {

  private final Settings settings;
  private final SettingsDecrypter decrypter;

  MavenRegistrySettings(Settings settings, SettingsDecrypter decrypter) {
    this.settings = settings;
    this.decrypter = decrypter;
  }

  /** The credentials of {@code <server>} {@code id}, or null when settings.xml has none. */
  Credentials credentials(String id) throws ChartException {
    Server server = settings.getServer(id);
    if (server == null) {
      return null;
    }
    SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
    failOn(result, "the password of settings.xml <server> '" + id + "'", "serverId");
    Server decrypted = result.getServer();
    if (decrypted.getUsername() == null || decrypted.getUsername().isEmpty()) {
      throw new ChartException("serverId", "settings.xml <server> '" + id + "' has no <username>", "add the registry user's <username> and <password>");
    }
    return new Credentials(decrypted.getUsername(), decrypted.getPassword() == null ? "" : decrypted.getPassword(), "settings.xml server '" + id + "'");
  }

  /** The {@code <passphrase>} (else {@code <password>}) of {@code <server>} {@code id}, decrypted: it unlocks the chart signing key. */
  SigningKey.Passphrase passphrase(String id) throws ChartException {
    Server server = settings.getServer(id);
    if (server == null) {
      throw new ChartException("signingServerId", "settings.xml has no <server> with id '" + id + "'",
          "add <server><id>" + id + "</id><passphrase>...</passphrase></server> (encrypt it with mvn --encrypt-password)");
    }
    SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
    failOn(result, "the passphrase of settings.xml <server> '" + id + "'", "signingServerId");
    Server decrypted = result.getServer();
    String value = decrypted.getPassphrase() != null && !decrypted.getPassphrase().isEmpty() ? decrypted.getPassphrase() : decrypted.getPassword();
    if (value == null || value.isEmpty()) {
      throw new ChartException("signingServerId", "settings.xml <server> '" + id + "' has neither <passphrase> nor <password>", "add the signing key's <passphrase>");
    }
    return new SigningKey.Passphrase(value.toCharArray(), "settings.xml server '" + id + "'");
  }

  /** The active proxy for {@code protocol}, or null. */
  ProxySettings proxy(String protocol) throws ChartException {
    for (Proxy proxy : settings.getProxies()) {
      if (proxy.isActive() && protocol.equalsIgnoreCase(proxy.getProtocol())) {
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(proxy));
        failOn(result, "the password of settings.xml <proxy> '" + proxy.getId() + "'", "serverId");
        Proxy p = result.getProxy();
        return new ProxySettings(p.getHost(), p.getPort(), p.getUsername(), p.getPassword(), p.getNonProxyHosts());
      }
    }
    return null;
  }

  private static void failOn(SettingsDecryptionResult result, String what, String setting) throws ChartException {
    java.util.List<SettingsProblem> errors = result.getProblems().stream().filter(p -> p.getSeverity() != SettingsProblem.Severity.WARNING).toList();
    if (!errors.isEmpty()) {
      throw new ChartException(setting, what + " cannot be decrypted: " + errors.stream().map(SettingsProblem::getMessage).collect(Collectors.joining("; ")),
          "check ~/.m2/settings-security.xml (its master password) or -Dsettings.security, or write the password in plain text");
    }
  }
}
