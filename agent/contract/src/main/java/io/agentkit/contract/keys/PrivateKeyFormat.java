package io.agentkit.contract.keys;

/** The private key encodings the agent accepts. */
public enum PrivateKeyFormat {
  /** {@code BEGIN PRIVATE KEY}: what OpenSSL 3 and this project's generate-keys write. */
  PKCS8("PKCS#8"),
  /** {@code BEGIN RSA PRIVATE KEY}: what OpenSSL 1.x and older tools write. */
  PKCS1("PKCS#1"),
  /** PKCS#8 bytes under an {@code RSA PRIVATE KEY} label, as at least one public setup tool writes. */
  PKCS8_UNDER_RSA_LABEL("PKCS#8 under an RSA PRIVATE KEY label");

  private final String description;

  PrivateKeyFormat(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
