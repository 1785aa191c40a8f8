package io.agentkit.orchestrator.tunnel;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.contract.keys.PublicKeyReader;
import io.agentkit.orchestrator.store.AgentStore;
import io.agentkit.orchestrator.store.NonceStore;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.signing.HandshakeSignature;
import io.agentkit.tunnel.signing.SignatureInput;
import io.agentkit.tunnel.ws.HttpHead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a tunnel handshake in the order {@code docs/protocol.md} §1 gives. Until a client has
 * proved it holds a registered key with a fresh signature for this orchestrator, it learns nothing
 * but "unauthorized"; the reason goes to the server log.
 */
public final class HandshakeVerifier {

  /** A verified agent connection: who it is and which (org, agent) pairs it serves. */
  public record Verified(String fingerprint, List<String> orgs, String connectionId, List<AgentStore.Link> links) {}

  /** What an unauthenticated client is told. */
  public static final String UNAUTHORIZED = "unauthorized";

  /** Why a handshake was refused: {@link #getMessage()} for the log, {@link #answer()} for the client. */
  public static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String answer;

    Rejected(String logDetail) {
      this(401, logDetail, UNAUTHORIZED);
    }

    Rejected(int status, String logDetail, String answer) {
      super(logDetail);
      this.status = status;
      this.answer = answer;
    }

    public int status() {
      return status;
    }

    /** The body's error text. */
    public String answer() {
      return answer;
    }
  }

  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{22,256}");
  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");

  private final AgentStore store;
  private final NonceStore nonces;
  private final TunnelAuthority authority;

  public HandshakeVerifier(AgentStore store, NonceStore nonces, TunnelAuthority authority) {
    this.store = store;
    this.nonces = nonces;
    this.authority = authority;
  }

  public TunnelAuthority authority() {
    return authority;
  }

  public Verified verify(HttpHead head, Instant now) throws Rejected {
    SignatureInput input;
    try {
      input = SignatureInput.parse(head.header(HandshakeSignature.INPUT_HEADER), head.header(HandshakeSignature.SIGNATURE_HEADER));
    } catch (SignatureInput.FormatException e) {
      throw new Rejected(e.getMessage());
    }
    if (!HandshakeSignature.LABEL.equals(input.label())) {
      throw new Rejected("signature label must be '" + HandshakeSignature.LABEL + "'");
    }
    if (!input.components().containsAll(HandshakeSignature.COMPONENTS)) {
      throw new Rejected("signature must cover " + HandshakeSignature.COMPONENTS);
    }
    String created = input.parameter("created");
    String nonce = input.parameter("nonce");
    String keyid = input.parameter("keyid");
    if (created == null || nonce == null || keyid == null || !HandshakeSignature.ALG.equals(input.parameter("alg"))) {
      throw new Rejected("signature parameters created, nonce, keyid and alg=\"" + HandshakeSignature.ALG + "\" are required");
    }
    if (!NONCE.matcher(nonce).matches()) {
      throw new Rejected("nonce must be base64url carrying at least 128 random bits");
    }
    if (!FINGERPRINT.matcher(keyid).matches()) {
      throw new Rejected("keyid must be a key fingerprint (64 lowercase hex digits)");
    }
    long createdAt;
    try {
      createdAt = Long.parseLong(created);
    } catch (NumberFormatException e) {
      throw new Rejected("created is not a number");
    }
    long skew = now.getEpochSecond() - createdAt;
    if (Math.abs(skew) > HandshakeSignature.MAX_SKEW_SECONDS) {
      throw new Rejected("signature created " + skew + " s from the orchestrator's clock, more than ±"
          + HandshakeSignature.MAX_SKEW_SECONDS + " s: check the agent host's clock");
    }
    if (createdAt < nonces.notBefore()) {
      throw new Rejected("signature created before this orchestrator started, while the nonce history is unknown (see the warning at startup)");
    }
    String host = head.header("host");
    if (!authority.accepts(host)) {
      throw new Rejected("signed for authority '" + (host == null ? "" : HandshakeSignature.authorityFromHostHeader(host))
          + "', not this orchestrator's " + authority + " (--tunnel-authority): a relay, or an agent whose TUNNEL_URL names another host");
    }
    List<AgentStore.Link> links = store.links(keyid);
    if (links.isEmpty()) {
      throw new Rejected("no agent has a key with fingerprint " + keyid);
    }
    RSAPublicKey key;
    try {
      key = PublicKeyReader.parse(links.get(0).key().key().getBytes(StandardCharsets.US_ASCII), "stored key");
    } catch (KeyFileException e) {
      throw new Rejected("stored key " + keyid + " is unusable");
    }
    String orgs = head.header(TunnelProtocol.ORGS_HEADER) == null ? "" : head.header(TunnelProtocol.ORGS_HEADER);
    String connectionId = head.header(TunnelProtocol.CONNECTION_ID_HEADER) == null ? "" : head.header(TunnelProtocol.CONNECTION_ID_HEADER);
    // The path is the endpoint's own: the server answers 404 for any other before verifying.
    HandshakeSignature.Request request = new HandshakeSignature.Request(
        head.method(), HandshakeSignature.authorityFromHostHeader(host), TunnelServer.PATH, orgs, connectionId);
    if (!HandshakeSignature.verify(key, HandshakeSignature.base(request, input.rawParams()), input.signature())) {
      throw new Rejected("signature does not verify with key " + keyid);
    }
    try {
      if (!nonces.remember(keyid, nonce, createdAt, now)) {
        throw new Rejected("replayed nonce: this handshake was already used");
      }
    } catch (IOException e) {
      throw new Rejected(503, "cannot record the handshake's nonce: " + e.getMessage(), "the orchestrator cannot accept handshakes right now");
    }
    // From here on the client has proved it holds the key: it may learn what is missing.
    List<String> orgList = Arrays.stream(orgs.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (orgList.isEmpty()) {
      throw authenticated(TunnelProtocol.ORGS_HEADER + " names no organization");
    }
    List<String> missing = new ArrayList<>();
    List<AgentStore.Link> serving = new ArrayList<>();
    for (String org : orgList) {
      AgentStore.Link link = links.stream().filter(l -> l.org().equals(org) && l.key().usableAt(now)).findFirst().orElse(null);
      if (link == null) {
        missing.add(org);
      } else {
        serving.add(link);
      }
    }
    if (!missing.isEmpty()) {
      throw authenticated("key " + keyid + " is not registered and authorized in organization(s) " + String.join(",", missing));
    }
    return new Verified(keyid, orgList, connectionId, serving);
  }

  private static Rejected authenticated(String detail) {
    return new Rejected(401, detail, detail);
  }
}
