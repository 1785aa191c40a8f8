package io.agentkit.agent.connection;

import io.agentkit.agent.config.AgentConfig;
import io.agentkit.contract.keys.AgentPrivateKey;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.signing.HandshakeSignature;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** The extra headers of a signed tunnel handshake, fresh (new nonce, new time) for every attempt. */
public final class HandshakeHeaders {

  private HandshakeHeaders() {}

  public static Map<String, String> signed(AgentConfig config, AgentPrivateKey key, long nowEpochSeconds) {
    URI url = config.tunnelUrl();
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    HandshakeSignature.Request request = new HandshakeSignature.Request(
        "GET", HandshakeSignature.authority(url.getHost(), url.getPort()), path, config.orgsHeader(), config.connectionId());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(TunnelProtocol.ORGS_HEADER, request.orgs());
    headers.put(TunnelProtocol.CONNECTION_ID_HEADER, request.connectionId());
    headers.putAll(HandshakeSignature.sign(key, request, nowEpochSeconds));
    return headers;
  }
}
