package io.agentkit.core.settings;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the agent's private key reaches the cluster ({@link Settings#SECRET_FORMAT}). Only
 * {@link #SECRET} puts the key itself into the rendered files; the other two are safe to commit.
 */
public enum SecretFormat {
  /** A Secret holding the key (base64): the guide's. */
  SECRET,
  /** A Bitnami SealedSecret: the key encrypted for the sealed-secrets controller's certificate. */
  SEALED_SECRET,
  /** An External Secrets Operator ExternalSecret: a reference to the key in an external store. */
  EXTERNAL_SECRET;

  /** {@code secret}, {@code sealed-secret}, {@code external-secret}. */
  public String externalName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static String[] names() {
    return Arrays.stream(values()).map(SecretFormat::externalName).toArray(String[]::new);
  }

  /** The format named {@code externalName}, if it is one. */
  public static java.util.Optional<SecretFormat> find(String externalName) {
    return Arrays.stream(values()).filter(f -> f.externalName().equals(externalName)).findFirst();
  }

  /** The format of a validated setting value; the default for null. */
  public static SecretFormat of(String externalName) {
    if (externalName == null) {
      return SECRET;
    }
    return valueOf(externalName.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
