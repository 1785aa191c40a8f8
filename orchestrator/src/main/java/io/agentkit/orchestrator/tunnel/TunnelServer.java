package io.agentkit.orchestrator.tunnel;

import io.agentkit.contract.log.Log;
import io.agentkit.orchestrator.net.Admission;
import io.agentkit.orchestrator.net.Listener;
import io.agentkit.orchestrator.net.ServerTls;
import io.agentkit.tunnel.mux.Limits;
import io.agentkit.tunnel.mux.WindowBudget;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.HttpHead;
import io.agentkit.tunnel.ws.TlsStreams;
import io.agentkit.tunnel.ws.WebSocketConnection;
import io.agentkit.tunnel.ws.WebSocketHandshake;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TLS WebSocket endpoint agents connect to: verifies the handshake and serves sessions. Runs
 * as the handler of a {@link Listener}, which bounds unauthenticated connections and their time
 * to finish TLS and the upgrade request; a verified agent's connection is established from then on.
 */
public final class TunnelServer {

  public static final String PATH = "/tunnel";

  /** Unauthenticated peers: 10 s for TLS plus the upgrade request, the oldest shed under pressure. */
  public static final Admission.Limits LIMITS = new Admission.Limits(8192, 2048, 1024, 256, java.time.Duration.ofSeconds(10));

  /** Longest silence between two reads of the handshake, within the overall deadline. */
  private static final int READ_TIMEOUT_MILLIS = 10_000;

  private final ServerTls tls;
  private final HandshakeVerifier verifier;
  private final SessionRegistry registry;
  /**
   * One receive budget for every session, sized from the whole heap: streams and their windows are
   * bounded across all agents together, not per agent (N sessions of a heap-sized budget each
   * would promise N heaps).
   */
  private final WindowBudget windows = new WindowBudget(Limits.forThisProcess());

  public TunnelServer(ServerTls tls, HandshakeVerifier verifier, SessionRegistry registry) {
    this.tls = tls;
    this.verifier = verifier;
    this.registry = registry;
  }

  /** Handles one accepted TCP connection (a {@link Listener.Handler}). */
  public void handle(Socket tcp, Admission.Ticket ticket) throws IOException {
    try {
      tcp.setTcpNoDelay(true);
      tcp.setSoTimeout(READ_TIMEOUT_MILLIS);
      TlsStreams streams;
      try {
        streams = tls.handshake(tcp);
      } catch (IOException e) {
        Log.debug("Tunnel connection failed", "err", e.getMessage());
        return;
      }
      handle(tcp, streams, ticket);
    } finally {
      if (!tcp.isClosed() && !ticket.isHandedOff()) {
        tcp.close();
      }
    }
  }

  private void handle(Socket tcp, TlsStreams streams, Admission.Ticket ticket) {
    try {
      HttpHead head;
      try {
        head = HttpHead.read(streams.in());
      } catch (javax.net.ssl.SSLException | java.net.SocketException | java.net.SocketTimeoutException e) {
        throw e;
      } catch (IOException e) {
        // A malformed or oversized head, not a transport failure: say so before closing.
        HttpHead.respond(streams.out(), 400, "Bad Request", Map.of("Connection", "close"), e.getMessage() + "\n");
        streams.close();
        return;
      }
      if (head == null) {
        streams.close();
        return;
      }
      ticket.received();
      OutputStream out = streams.out();
      String problem = WebSocketHandshake.problem(head);
      if (problem != null || !PATH.equals(path(head.target()))) {
        HttpHead.respond(out, problem == null ? 404 : 400, problem == null ? "Not Found" : "Bad Request", Map.of("Connection", "close", TunnelProtocol.VERSIONS_HEADER, String.valueOf(TunnelProtocol.VERSION)),
            problem == null ? "the tunnel endpoint is " + PATH + "\n" : problem + "\n");
        streams.close();
        return;
      }
      String offered = head.header("sec-websocket-protocol");
      if (offered == null || Arrays.stream(offered.split(",")).map(String::trim).noneMatch(TunnelProtocol.SUBPROTOCOL::equals)) {
        HttpHead.respond(out, 426, "Upgrade Required",
            Map.of(TunnelProtocol.VERSIONS_HEADER, String.valueOf(TunnelProtocol.VERSION), "Connection", "close"),
            "{\"error\":\"no common tunnel protocol version; this orchestrator speaks " + TunnelProtocol.SUBPROTOCOL + "\"}");
        streams.close();
        return;
      }
      HandshakeVerifier.Verified who;
      try {
        who = verifier.verify(head, Instant.now());
      } catch (HandshakeVerifier.Rejected e) {
        Log.warn("Tunnel handshake rejected", "remote", tcp.getRemoteSocketAddress(), "status", e.status(), "err", e.getMessage());
        HttpHead.respond(out, e.status(), e.status() == 401 ? "Unauthorized" : "Service Unavailable",
            Map.of("Content-Type", "application/json", "Connection", "close", TunnelProtocol.VERSIONS_HEADER, String.valueOf(TunnelProtocol.VERSION)),
            "{\"error\":" + json(e.answer()) + "}");
        streams.close();
        return;
      }
      ticket.established();
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Upgrade", "websocket");
      headers.put("Connection", "Upgrade");
      headers.put("Sec-WebSocket-Accept", WebSocketHandshake.accept(head.header("sec-websocket-key")));
      headers.put("Sec-WebSocket-Protocol", TunnelProtocol.SUBPROTOCOL);
      tcp.setSoTimeout(0);
      WebSocketConnection ws = new WebSocketConnection(tcp, streams.in(), streams.out(), streams, false, TunnelProtocol.MAX_FRAME);
      AgentSession[] holder = new AgentSession[1];
      AgentSession session = new AgentSession(who, ws, windows, () -> registry.remove(holder[0]));
      holder[0] = session;
      // Registered before the 101 goes out: once the agent says it is connected, it is routable.
      registry.register(session);
      try {
        HttpHead.respond(out, 101, "Switching Protocols", headers, null);
        Log.info("Agent connected", "fingerprint", who.fingerprint(), "orgs", String.join(",", who.orgs()), "connectionId", who.connectionId(),
            "remote", tcp.getRemoteSocketAddress());
        serveOnPlatformThread(session, ticket);
      } catch (IOException | RuntimeException e) {
        // A session that never served must not stay routable.
        session.close(TunnelProtocol.CLOSE_GOING_AWAY, "orchestrator cannot serve the session");
        throw e;
      }
    } catch (RuntimeException e) {
      // A bug reachable from a hostile request (anything the parsers let through) costs this connection only, and one WARN line.
      Log.warn("Tunnel handshake failed", "remote", tcp.getRemoteSocketAddress(), "err", String.valueOf(e));
      if (!ticket.isHandedOff()) {
        streams.close();
      }
    } catch (IOException e) {
      Log.debug("Tunnel connection failed", "err", e.getMessage());
      streams.close();
    }
  }

  /**
   * An authenticated session's receive loop is the bulk data path: blocking reads cost less CPU on a
   * platform thread than on a virtual one (ThroughputBench: about 15 % per GB through the tunnel), so
   * it leaves the handshake's virtual thread. Its socket counts against the listener until closed.
   */
  private static void serveOnPlatformThread(AgentSession session, Admission.Ticket ticket) {
    ticket.handOff();
    try {
      Thread.ofPlatform().daemon().name("session-" + session.identity().connectionId()).start(session::serve);
    } catch (Throwable t) {
      session.close(TunnelProtocol.CLOSE_GOING_AWAY, "orchestrator cannot serve the session");
      throw t;
    }
  }

  /** The path of a request target, without query; "" for anything that is not origin-form. */
  static String path(String target) {
    if (!target.startsWith("/")) {
      return "";
    }
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
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
