package io.agentkit.tunnel.signing;

import io.agentkit.contract.keys.AgentPrivateKey;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tunnel handshake signature (RFC 9421 HTTP Message Signatures), shared by the agent that
 * signs and the orchestrator that verifies, so both build the signature base from one definition.
 */
public final class HandshakeSignature {

  public static final String LABEL = "tunnel";

  /** RFC 9421 §3.3.1: RSASSA-PSS with SHA-512, MGF1 SHA-512, 64-byte salt. */
  public static final String ALG = "rsa-pss-sha512";

  public static final String INPUT_HEADER = "Signature-Input";

  public static final String SIGNATURE_HEADER = "Signature";

  public static final List<String> COMPONENTS = List.of(
      "@method", "@authority", "@path",
      TunnelProtocol.ORGS_HEADER.toLowerCase(Locale.ROOT),
      TunnelProtocol.CONNECTION_ID_HEADER.toLowerCase(Locale.ROOT));

  /** Accepted clock difference between agent and orchestrator. */
  public static final long MAX_SKEW_SECONDS = 300;

  /** How long the orchestrator remembers a nonce: the whole window a signature is valid in. */
  public static final long NONCE_MEMORY_SECONDS = 2 * MAX_SKEW_SECONDS;

  private static final SecureRandom RANDOM = new SecureRandom();

  private HandshakeSignature() {}

  /** The values a signature covers, as the request carries them. */
  public record Request(String method, String authority, String path, String orgs, String connectionId) {}

  /** Signs {@code request}: returns the {@code Signature-Input} and {@code Signature} header values. */
  public static Map<String, String> sign(AgentPrivateKey key, Request request, long createdEpochSeconds) {
    byte[] nonceBytes = new byte[16];
    RANDOM.nextBytes(nonceBytes);
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
    String params = params(createdEpochSeconds, nonce, key.fingerprint());
    byte[] signature = signRaw(key.privateKey(), base(request, params));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(INPUT_HEADER, LABEL + "=" + params);
    headers.put(SIGNATURE_HEADER, LABEL + "=:" + Base64.getEncoder().encodeToString(signature) + ":");
    return headers;
  }

  /** The {@code @signature-params} value: inner list of components plus parameters. */
  public static String params(long created, String nonce, String keyid) {
    String components = COMPONENTS.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(" ", "(", ")"));
    return components + ";created=" + created + ";nonce=\"" + nonce + "\";keyid=\"" + keyid + "\";alg=\"" + ALG + "\"";
  }

  /** RFC 9421 §2.5 signature base; {@code params} is the Signature-Input member value as sent. */
  public static String base(Request r, String params) {
    return "\"@method\": " + r.method()
        + "\n\"@authority\": " + r.authority()
        + "\n\"@path\": " + r.path()
        + "\n\"" + COMPONENTS.get(3) + "\": " + r.orgs()
        + "\n\"" + COMPONENTS.get(4) + "\": " + r.connectionId()
        + "\n\"@signature-params\": " + params;
  }

  /** Lowercase host, without the port when it is the default for TLS (443). */
  public static String authority(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    return port < 0 || port == 443 ? h : h + ":" + port;
  }

  /** Normalises a received {@code Host} header the way {@link #authority(String, int)} does. */
  public static String authorityFromHostHeader(String hostHeader) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    return h.endsWith(":443") ? h.substring(0, h.length() - 4) : h;
  }

  public static boolean verify(PublicKey key, String base, byte[] signature) {
    try {
      Signature s = pss();
      s.initVerify(key);
      s.update(base.getBytes(StandardCharsets.UTF_8));
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static byte[] signRaw(PrivateKey key, String base) {
    try {
      Signature s = pss();
      s.initSign(key);
      s.update(base.getBytes(StandardCharsets.UTF_8));
      return s.sign();
    } catch (GeneralSecurityException e) {
      // No cause: provider messages can describe the key.
      throw new IllegalStateException("signing the tunnel handshake failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Signature pss() throws GeneralSecurityException {
    Signature s = Signature.getInstance("RSASSA-PSS");
    s.setParameter(new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1));
    return s;
  }
}
