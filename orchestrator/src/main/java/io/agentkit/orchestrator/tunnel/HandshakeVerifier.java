package io.agentkit.orchestrator.tunnel;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.contract.keys.PublicKeyReader;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.signing.HandshakeSignature;
import io.agentkit.tunnel.signing.SignatureInput;
import io.agentkit.tunnel.ws.HttpHead;
import io.agentkit.orchestrator.store.AgentStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Checks a tunnel handshake in the order {@code docs/protocol.md} §1 gives. */
public final class HandshakeVerifier {

  /** A verified agent connection: who it is and which (org, agent) pairs it serves. */
  public record Verified(String fingerprint, List<String> orgs, String connectionId, List<AgentStore.Link> links) {}

  /** Why a handshake was refused; the message goes back in the 401 body. */
  public static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    public Rejected(String message) {
      super(message);
    }
  }

  private final AgentStore store;
  private final Map<String, Long> nonces = new ConcurrentHashMap<>();

  public HandshakeVerifier(AgentStore store) {
    this.store = store;
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
    if (nonce.length() < 22) {
      throw new Rejected("nonce must carry at least 128 random bits");
    }
    long createdAt;
    try {
      createdAt = Long.parseLong(created);
    } catch (NumberFormatException e) {
      throw new Rejected("created is not a number");
    }
    if (Math.abs(now.getEpochSecond() - createdAt) > HandshakeSignature.MAX_SKEW_SECONDS) {
      throw new Rejected("signature created " + (now.getEpochSecond() - createdAt) + " s from the orchestrator's clock, more than ±"
          + HandshakeSignature.MAX_SKEW_SECONDS + " s: check the agent host's clock");
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
    String host = head.header("host") == null ? "" : head.header("host");
    String path = URI.create(head.target()).getRawPath();
    HandshakeSignature.Request request = new HandshakeSignature.Request(
        head.method(), HandshakeSignature.authorityFromHostHeader(host), path, orgs, connectionId);
    byte[] signature = input.signature();
    if (!HandshakeSignature.verify(key, HandshakeSignature.base(request, input.rawParams()), signature)) {
      throw new Rejected("signature does not verify with key " + keyid);
    }
    rememberNonce(keyid, nonce, now);
    List<String> orgList = Arrays.stream(orgs.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (orgList.isEmpty()) {
      throw new Rejected(TunnelProtocol.ORGS_HEADER + " names no organization");
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
      throw new Rejected("key " + keyid + " is not registered and authorized in organization(s) " + String.join(",", missing));
    }
    return new Verified(keyid, orgList, connectionId, serving);
  }

  private void rememberNonce(String keyid, String nonce, Instant now) throws Rejected {
    long expiry = now.getEpochSecond() + HandshakeSignature.NONCE_MEMORY_SECONDS;
    if (nonces.size() > 10_000) {
      nonces.values().removeIf(e -> e < now.getEpochSecond());
    }
    Long previous = nonces.putIfAbsent(keyid + " " + nonce, expiry);
    if (previous != null && previous >= now.getEpochSecond()) {
      throw new Rejected("replayed nonce: this handshake was already used");
    }
    if (previous != null) {
      nonces.put(keyid + " " + nonce, expiry);
    }
  }
}
