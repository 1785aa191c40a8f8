package io.agentkit.contract.keys;

/** What the Agent API accepts: RSA with a modulus of at least 4096 bits. */
public final class RsaKeyPolicy {

  public static final int MIN_BITS = 4096;

  /** The command the guide uses; quoted in fixes so users can act on them without this tool. */
  public static final String OPENSSL_GENERATE = "openssl genrsa -out humanitec_agent_private_key.pem " + MIN_BITS;

  private RsaKeyPolicy() {}
}
