package io.agentkit.core.secrets;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.io.AtomicFiles;
import io.agentkit.core.io.FileMode;
import io.agentkit.core.keys.KeyPairFiles;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.spec.AgentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The agent's private key sealed for its cluster's sealed-secrets controller. Sealing is randomized,
 * so the sealed value is kept beside the keys ({@value #FILE}) and reused as long as the key, the
 * certificate and the scope stay the same: re-running a build then changes no committed file and
 * rolls no pod. The file holds only what is safe to commit anyway.
 *
 * @param scope {@code namespace/name} the value can be unsealed into (strict scope)
 */
public record SealedKey(String encryptedKey, String scope, String keyFingerprint, String certificateFingerprint) {

  public static final String FILE = "sealed-secret.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * @param cacheDirectory where the sealed value is kept: the agent's keys directory
   */
  public static SealedKey of(AgentSpec spec, KeyPairFiles.LoadedKey key, Path cacheDirectory) throws KeyFileException {
    SealingCertificate cert = SealingCertificate.read(spec.get(Settings.SEALED_SECRETS_CERTIFICATE), Instant.now());
    String scope = spec.namespace() + "/" + spec.secretName();
    Path file = cacheDirectory.resolve(FILE);
    SealedKey kept = read(file);
    if (kept != null && kept.scope().equals(scope) && kept.keyFingerprint().equals(key.key().fingerprint())
        && kept.certificateFingerprint().equals(cert.fingerprint())) {
      return kept;
    }
    String sealed = SealedSecrets.seal(cert.key(), SealedSecrets.strictLabel(spec.namespace(), spec.secretName()), key.pem());
    SealedKey fresh = new SealedKey(sealed, scope, key.key().fingerprint(), cert.fingerprint());
    try {
      AtomicFiles.createDirectories(cacheDirectory, true);
      AtomicFiles.writeReplacing(file, JSON.writeValueAsBytes(fresh), FileMode.PUBLIC);
    } catch (IOException e) {
      // Only a cache: the next build seals again, which is correct, just not byte-identical.
    }
    return fresh;
  }

  private static SealedKey read(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      SealedKey k = JSON.readValue(file.toFile(), SealedKey.class);
      return k.encryptedKey() == null || k.scope() == null || k.keyFingerprint() == null || k.certificateFingerprint() == null ? null : k;
    } catch (IOException e) {
      return null;
    }
  }
}
