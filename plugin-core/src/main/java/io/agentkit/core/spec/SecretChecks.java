package io.agentkit.core.spec;

import static io.agentkit.core.settings.Settings.*;

import io.agentkit.core.settings.Purpose;
import io.agentkit.core.settings.SecretFormat;
import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.SettingValues;
import io.agentkit.core.settings.SpecReader;
import java.util.List;

/**
 * How the key reaches the cluster: each secretFormat has what it needs, and no setting of another
 * format is set for nothing. A chart's defaults may leave out what is given at install time.
 */
final class SecretChecks implements SpecCheck {

  static final List<Setting<?>> EXTERNAL_SETTINGS =
      List.of(EXTERNAL_SECRET_STORE, EXTERNAL_SECRET_STORE_KIND, EXTERNAL_SECRET_REMOTE_KEY, EXTERNAL_SECRET_PROPERTY, EXTERNAL_SECRET_REFRESH_INTERVAL);

  @Override
  public void check(SettingValues v, SpecReader r, Purpose purpose, List<String> notes) {
    String raw = v.get(SECRET_FORMAT);
    SecretFormat format = SecretFormat.find(raw).orElse(null);
    if (format == null) {
      return; // its own rule named it
    }
    if (format != SecretFormat.SECRET && v.get(EXISTING_SECRET) != null) {
      r.problem(SECRET_FORMAT.path(), "'" + raw + "' renders the key's Secret, while existingSecret names a Secret you manage yourself",
          "keep one: remove existingSecret, or secretFormat");
    }
    boolean complete = purpose != Purpose.CHART;
    if (format == SecretFormat.SEALED_SECRET) {
      if (complete && v.get(SEALED_SECRETS_CERTIFICATE) == null) {
        r.problem(SEALED_SECRETS_CERTIFICATE.path(), "is required for secretFormat sealed-secret: the key is sealed for the controller's certificate",
            "fetch it with `kubeseal --fetch-cert > sealed-secrets.pem` and point sealedSecretsCertificate at that file");
      }
    } else if (v.isConfigured(SEALED_SECRETS_CERTIFICATE)) {
      r.problem(SEALED_SECRETS_CERTIFICATE.path(), "only applies with secretFormat sealed-secret", "set secretFormat to sealed-secret, or remove it");
    }
    if (format == SecretFormat.EXTERNAL_SECRET) {
      if (complete && v.get(EXTERNAL_SECRET_STORE) == null) {
        r.problem(EXTERNAL_SECRET_STORE.path(), "is required for secretFormat external-secret", "name the SecretStore or ClusterSecretStore that holds the key");
      }
      if (complete && v.get(EXTERNAL_SECRET_REMOTE_KEY) == null) {
        r.problem(EXTERNAL_SECRET_REMOTE_KEY.path(), "is required for secretFormat external-secret", "give the key's entry in the store, e.g. agents/prod-eu-1");
      }
    } else {
      for (Setting<?> s : EXTERNAL_SETTINGS) {
        if (v.isConfigured(s)) {
          r.problem(s.path(), "only applies with secretFormat external-secret", "set secretFormat to external-secret, or remove it");
        }
      }
    }
  }
}
