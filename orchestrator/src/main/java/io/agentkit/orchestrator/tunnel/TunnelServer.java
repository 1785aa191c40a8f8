package io.agentkit.orchestrator.tunnel;

import io.agentkit.contract.log.Log;
import io.agentkit.orchestrator.net.Listener;
import io.agentkit.tunnel.mux.Limits;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.HttpHead;
import io.agentkit.tunnel.ws.WebSocketConnection;
import io.agentkit.tunnel.ws.WebSocketHandshake;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

/** The TLS WebSocket endpoint agents connect to: verifies the handshake and serves sessions. */
public final class TunnelServer {

  public static final String PATH = "/tunnel";

  private final Listener listener;
  private final HandshakeVerifier verifier;
  private final SessionRegistry registry;
  private final Limits limits = Limits.forThisProcess();

  public TunnelServer(SSLContext tls, InetSocketAddress bind, HandshakeVerifier verifier, SessionRegistry registry) throws IOException {
    SSLServerSocket s = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
    s.setReuseAddress(true);
    // AES-128-GCM first: the tunnel is bulk data and it costs both ends less CPU than AES-256.
    SSLParameters params = s.getSSLParameters();
    List<String> suites = new ArrayList<>(List.of(params.getCipherSuites()));
    if (suites.remove("TLS_AES_128_GCM_SHA256")) {
      suites.add(0, "TLS_AES_128_GCM_SHA256");
    }
    params.setCipherSuites(suites.toArray(new String[0]));
    params.setUseCipherSuitesOrder(true);
    s.setSSLParameters(params);
    s.bind(bind, 128);
    this.listener = new Listener(s, "tunnel", this::handle);
    this.verifier = verifier;
    this.registry = registry;
  }

  /** Port, start and close of the accepting socket. */
  public Listener listener() {
    return listener;
  }

  private void handle(Socket socket) {
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(10_000);
      HttpHead head = HttpHead.read(socket.getInputStream());
      if (head == null) {
        socket.close();
        return;
      }
      OutputStream out = socket.getOutputStream();
      String problem = WebSocketHandshake.problem(head);
      if (problem != null || !PATH.equals(URI.create(head.target()).getRawPath())) {
        HttpHead.respond(out, problem == null ? 404 : 400, problem == null ? "Not Found" : "Bad Request", Map.of("Connection", "close", TunnelProtocol.VERSIONS_HEADER, String.valueOf(TunnelProtocol.VERSION)),
            problem == null ? "the tunnel endpoint is " + PATH + "\n" : problem + "\n");
        socket.close();
        return;
      }
      String offered = head.header("sec-websocket-protocol");
      if (offered == null || Arrays.stream(offered.split(",")).map(String::trim).noneMatch(TunnelProtocol.SUBPROTOCOL::equals)) {
        HttpHead.respond(out, 426, "Upgrade Required",
            Map.of(TunnelProtocol.VERSIONS_HEADER, String.valueOf(TunnelProtocol.VERSION), "Connection", "close"),
            "{\"error\":\"no common tunnel protocol version; this orchestrator speaks " + TunnelProtocol.SUBPROTOCOL + "\"}");
        socket.close();
        return;
      }
      HandshakeVerifier.Verified who;
      try {
        who = verifier.verify(head, Instant.now());
      } catch (HandshakeVerifier.Rejected e) {
        Log.warn("Tunnel handshake rejected", "remote", socket.getRemoteSocketAddress(), "err", e.getMessage());
        HttpHead.respond(out, 401, "Unauthorized", Map.of("Content-Type", "application/json", "Connection", "close", TunnelProtocol.VERSIONS_HEADER, String.valueOf(TunnelProtocol.VERSION)),
            "{\"error\":" + json(e.getMessage()) + "}");
        socket.close();
        return;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Upgrade", "websocket");
      headers.put("Connection", "Upgrade");
      headers.put("Sec-WebSocket-Accept", WebSocketHandshake.accept(head.header("sec-websocket-key")));
      headers.put("Sec-WebSocket-Protocol", TunnelProtocol.SUBPROTOCOL);
      socket.setSoTimeout(0);
      WebSocketConnection ws = new WebSocketConnection(socket, socket.getInputStream(), false, TunnelProtocol.MAX_FRAME);
      AgentSession[] holder = new AgentSession[1];
      AgentSession session = new AgentSession(who, ws, limits, () -> registry.remove(holder[0]));
      holder[0] = session;
      // Registered before the 101 goes out: once the agent says it is connected, it is routable.
      registry.register(session);
      HttpHead.respond(out, 101, "Switching Protocols", headers, null);
      Log.info("Agent connected", "fingerprint", who.fingerprint(), "orgs", String.join(",", who.orgs()), "connectionId", who.connectionId(),
          "remote", socket.getRemoteSocketAddress());
      session.serve();
    } catch (IOException e) {
      Log.debug("Tunnel connection failed", "err", e.getMessage());
      try {
        socket.close();
      } catch (IOException ignored) {
        // Already failing.
      }
    }
  }

  static String json(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
