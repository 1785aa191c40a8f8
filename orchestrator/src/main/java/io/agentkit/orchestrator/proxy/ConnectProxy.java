package io.agentkit.orchestrator.proxy;

import io.agentkit.contract.log.Log;
import io.agentkit.orchestrator.net.Listener;
import io.agentkit.tunnel.mux.StreamOpener;
import io.agentkit.tunnel.mux.TunnelStream;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.protocol.Reason;
import io.agentkit.tunnel.ws.HttpHead;
import io.agentkit.orchestrator.tunnel.AgentSession;
import io.agentkit.orchestrator.tunnel.SessionRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP CONNECT proxy into agents' networks. Proxy credentials are {@code <org>/<agent-id>} and the
 * API token: {@code curl -x http://127.0.0.1:3128 -U my-org/my-agent:$TOKEN https://target/}.
 */
public final class ConnectProxy {

  /** A stream refused by a draining or full agent, or lost with its connection, is retried elsewhere this many times. */
  private static final int ATTEMPTS = 3;

  private final Listener listener;
  private final SessionRegistry registry;
  private final byte[] token;
  private final long openTimeoutMillis;

  public ConnectProxy(InetSocketAddress bind, SessionRegistry registry, String token, long openTimeoutMillis) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(bind, 256);
    this.listener = new Listener(s, "proxy", this::handle);
    this.registry = registry;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.openTimeoutMillis = openTimeoutMillis;
  }

  /** Port, start and close of the accepting socket. */
  public Listener listener() {
    return listener;
  }

  private void handle(Socket client) {
    boolean handedOff = false;
    try {
      client.setTcpNoDelay(true);
      client.setSoTimeout(10_000);
      HttpHead head = HttpHead.read(client.getInputStream());
      if (head == null) {
        return;
      }
      OutputStream out = client.getOutputStream();
      if (!"CONNECT".equals(head.method())) {
        error(out, 405, "Method Not Allowed", "this proxy only tunnels with CONNECT host:port");
        return;
      }
      String[] who = credentials(head.header("proxy-authorization"));
      if (who == null) {
        HttpHead.respond(out, 407, "Proxy Authentication Required",
            Map.of("Proxy-Authenticate", "Basic realm=\"agent-kit: user <org>/<agent-id>, password the API token\"", "Connection", "close"),
            "proxy credentials must be <org>/<agent-id> and the API token\n");
        return;
      }
      String target = head.target();
      int colon = target.lastIndexOf(':');
      int port;
      try {
        port = Integer.parseInt(target.substring(colon + 1));
      } catch (RuntimeException e) {
        port = -1;
      }
      String host = colon > 0 ? target.substring(0, colon).replace("[", "").replace("]", "") : "";
      if (host.isEmpty() || port < 1 || port > 65535) {
        error(out, 400, "Bad Request", "CONNECT target must be host:port");
        return;
      }
      String problem = TunnelProtocol.hostProblem(host);
      if (problem != null) {
        error(out, 400, "Bad Request", "CONNECT target: " + problem);
        return;
      }
      handedOff = open(client, out, who[0], who[1], host, port);
    } catch (IOException e) {
      Log.debug("Proxy connection failed", "err", e.getMessage());
    } finally {
      if (!handedOff) {
        try {
          client.close();
        } catch (IOException ignored) {
          // Client already gone.
        }
      }
    }
  }

  /** @return true when the client socket now belongs to a stream */
  private boolean open(Socket client, OutputStream out, String org, String agent, String host, int port) throws IOException {
    List<AgentSession> tried = new ArrayList<>();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      AgentSession session = registry.pick(org, agent, tried);
      if (session == null) {
        error(out, 502, "Bad Gateway", tried.isEmpty()
            ? "no agent connected for " + org + "/" + agent + ": check that the agent is running and its key is registered"
            : "every connected agent for " + org + "/" + agent + " is draining");
        return false;
      }
      tried.add(session);
      StreamOpener mux = session.mux();
      StreamOpener.Opening opening = mux.open(host, port);
      TunnelStream stream;
      try {
        stream = opening.result().get(openTimeoutMillis, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        mux.cancel(opening.streamId(), "no answer within " + openTimeoutMillis + " ms");
        error(out, 504, "Gateway Timeout", "the agent did not open " + host + ":" + port + " within " + openTimeoutMillis + " ms");
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (ExecutionException e) {
        Reason reason = e.getCause() instanceof StreamOpener.OpenFailedException f ? f.reason() : Reason.INTERNAL;
        String message = e.getCause() == null ? "" : e.getCause().getMessage();
        if (reason == Reason.DRAINING || reason == Reason.CANCELLED || reason == Reason.OVERLOADED) {
          continue;
        }
        switch (reason) {
          case TIMEOUT -> error(out, 504, "Gateway Timeout", "agent: " + message);
          case NOT_ALLOWED -> error(out, 403, "Forbidden", "agent: " + message);
          default -> error(out, 502, "Bad Gateway", "agent: " + reason.label() + ": " + message);
        }
        return false;
      }
      client.setSoTimeout(0);
      HttpHead.respond(out, 200, "Connection established", Map.of(), null);
      stream.start(client);
      return true;
    }
    error(out, 502, "Bad Gateway", "no agent for " + org + "/" + agent + " could open " + host + ":" + port);
    return false;
  }

  private String[] credentials(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    int slash = decoded.indexOf('/');
    if (colon < 0 || slash <= 0 || slash > colon) {
      return null;
    }
    if (!MessageDigest.isEqual(token, decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8))) {
      return null;
    }
    return new String[] {decoded.substring(0, slash), decoded.substring(slash + 1, colon)};
  }

  private static void error(OutputStream out, int status, String reason, String message) throws IOException {
    HttpHead.respond(out, status, reason, Map.of("Content-Type", "text/plain", "Connection", "close"), message + "\n");
  }
}
