package io.agentkit.orchestrator.proxy;

import io.agentkit.contract.log.Log;
import io.agentkit.orchestrator.net.Admission;
import io.agentkit.orchestrator.net.Listener;
import io.agentkit.orchestrator.net.ServerTls;
import io.agentkit.orchestrator.store.ProxyTokenStore;
import io.agentkit.orchestrator.tunnel.AgentSession;
import io.agentkit.orchestrator.tunnel.SessionRegistry;
import io.agentkit.tunnel.mux.StreamOpener;
import io.agentkit.tunnel.mux.StreamSocket;
import io.agentkit.tunnel.mux.TunnelStream;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.protocol.Reason;
import io.agentkit.tunnel.ws.HttpHead;
import io.agentkit.tunnel.ws.Linger;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSocket;

/**
 * HTTP CONNECT proxy into agents' networks, optionally over TLS. The user names the agent as
 * {@code <org>/<agent-id>}, the password is a proxy token of that organization (created through
 * the Agent API): {@code curl -x http://127.0.0.1:3128 -U my-org/my-agent:$PROXY_TOKEN https://target/}.
 * 407 for missing or unknown credentials, 403 for a token of another organization or a target the
 * agent's allowlist refuses.
 */
public final class ConnectProxy {

  /**
   * Clients get 10 s for TLS and the CONNECT head. The proxy listens on loopback by default, where
   * every client is one source, and every stream is authenticated by a proxy token, so its caps are
   * global before authentication and per token after ({@link #STREAMS_PER_TOKEN}), not per source:
   * a burst of ten thousand CONNECTs from one host waits in the backlog while 2,048 are read, and
   * only a client slow on its own account is shed. Its grace is 5 s, not 1: a client that opens
   * thousands of connections from one thread (a benchmark, a batch job) writes its first byte on
   * some of them seconds after the kernel completed them, and shedding those would lose a healthy
   * burst (measured: 7,952 of 10,000 with a 1 s grace); a silent local client costs others at most
   * those seconds of backpressure. Streams count until they end: tens of thousands, as many as the
   * agents behind the proxy carry.
   */
  public static final Admission.Limits LIMITS = new Admission.Limits(32_768, 32_768, 2048, 2048, Duration.ofSeconds(10), Duration.ofSeconds(5));

  /** Streams one proxy token may hold open at once: half the listener's, so no organization takes them all. */
  public static final int STREAMS_PER_TOKEN = LIMITS.maxConnections() / 2;

  /** A stream refused by a draining or full agent, or lost with its connection, is retried elsewhere this many times. */
  private static final int ATTEMPTS = 3;

  /** How long, and how many bytes, a refused client's unread request is drained before its socket closes. */
  private static final int LINGER_MILLIS = 1000;
  private static final int LINGER_BYTES = 64 * 1024;

  private static final String REALM = "Basic realm=\"agent-kit: user <org>/<agent-id>, password a proxy token of that organization\"";

  private final ServerTls tls;
  private final SessionRegistry registry;
  private final ProxyTokenStore tokens;
  private final long openTimeoutMillis;
  // Token id -> client sockets it opened: counted against its cap, closed when the token is revoked.
  private final Map<String, Opened> opened = new ConcurrentHashMap<>();

  /** @param tls null for plain HTTP */
  public ConnectProxy(ServerTls tls, SessionRegistry registry, ProxyTokenStore tokens, long openTimeoutMillis) {
    this.tls = tls;
    this.registry = registry;
    this.tokens = tokens;
    this.openTimeoutMillis = openTimeoutMillis;
    tokens.onRevoked(this::closeStreamsOf);
  }

  /** Handles one accepted TCP connection (a {@link Listener.Handler}). */
  public void handle(Socket tcp, Admission.Ticket ticket) throws IOException {
    Socket client = tls == null ? tcp : tls.wrap(tcp);
    boolean handedOff = false;
    try {
      handedOff = serve(client, ticket);
    } finally {
      if (!handedOff) {
        lingeringClose(client);
      }
    }
  }

  /** @return true when the client socket now belongs to a stream */
  private boolean serve(Socket client, Admission.Ticket ticket) throws IOException {
    client.setTcpNoDelay(true);
    client.setSoTimeout(10_000);
    OutputStream out = client.getOutputStream();
    HttpHead head;
    try {
      head = HttpHead.read(client.getInputStream());
    } catch (javax.net.ssl.SSLException | java.net.SocketException | java.net.SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      error(out, 400, "Bad Request", e.getMessage());
      return false;
    }
    if (head == null) {
      return false;
    }
    ticket.received();
    if (!"CONNECT".equals(head.method())) {
      error(out, 405, "Method Not Allowed", "this proxy only tunnels with CONNECT host:port");
      return false;
    }
    Credentials who = Credentials.parse(head.header("proxy-authorization"));
    ProxyTokenStore.Token token = who == null ? null : tokens.authenticate(who.password());
    if (token == null) {
      Log.info("Proxy credentials refused", "remote", client.getRemoteSocketAddress(), "why", who == null ? "missing or malformed" : "unknown or revoked token");
      HttpHead.respond(out, 407, "Proxy Authentication Required",
          Map.of("Proxy-Authenticate", REALM, "Connection", "close", "Content-Type", "text/plain"),
          "proxy credentials must be <org>/<agent-id> and a proxy token of that organization (POST /orgs/{org}/proxy-tokens)\n");
      return false;
    }
    if (!token.orgId().equals(who.org())) {
      Log.info("Proxy token used for another organization", "remote", client.getRemoteSocketAddress(), "token", token.id(), "org", who.org());
      error(out, 403, "Forbidden", "proxy token " + token.id() + " opens streams to agents of its own organization only");
      return false;
    }
    ticket.established();
    if (!opened.computeIfAbsent(token.id(), id -> new Opened()).add(client, STREAMS_PER_TOKEN)) {
      Log.info("Proxy token at its stream cap", "remote", client.getRemoteSocketAddress(), "token", token.id(), "cap", STREAMS_PER_TOKEN);
      error(out, 429, "Too Many Requests", "proxy token " + token.id() + " already holds " + STREAMS_PER_TOKEN + " streams; close some or use another token");
      return false;
    }
    Target target = Target.parse(head.target());
    if (target == null) {
      error(out, 400, "Bad Request", "CONNECT target must be host:port");
      return false;
    }
    String problem = TunnelProtocol.hostProblem(target.host());
    if (problem != null) {
      error(out, 400, "Bad Request", "CONNECT target: " + problem);
      return false;
    }
    return open(client, out, who.org(), who.agent(), target, token, ticket);
  }

  /**
   * Closes a client the proxy answered without a stream. Its request may not have been read to the
   * end (a head over the limit): closing with unread input would send a reset that can destroy the
   * answer in flight, so the answer is followed by the end of output, and input is drained for a
   * moment (bounded in bytes and time) before the socket closes.
   */
  private static void lingeringClose(Socket client) {
    try {
      if (!client.isClosed()) {
        client.shutdownOutput();
        Linger.drain(client, client.getInputStream(), LINGER_MILLIS, LINGER_BYTES);
      }
    } catch (IOException | UnsupportedOperationException ignored) {
      // Reset, or a TLS socket that cannot half-close: close below either way.
    } finally {
      try {
        client.close();
      } catch (IOException ignored) {
        // Nothing left to release.
      }
    }
  }

  /** @return true when the client socket now belongs to a stream */
  private boolean open(Socket client, OutputStream out, String org, String agent, Target target, ProxyTokenStore.Token token,
      Admission.Ticket ticket) throws IOException {
    String host = target.host();
    int port = target.port();
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
          case NOT_ALLOWED -> error(out, 403, "Forbidden", "agent: " + reason.label() + ": " + message);
          default -> error(out, 502, "Bad Gateway", "agent: " + reason.label() + ": " + message);
        }
        return false;
      }
      client.setSoTimeout(0);
      if (!tokens.isLive(token)) {
        // Revoked while the agent was opening the stream.
        mux.cancel(stream.id(), "proxy token revoked");
        error(out, 407, "Proxy Authentication Required", "proxy token revoked");
        return false;
      }
      StreamSocket socket;
      TlsBridge bridge = null;
      try {
        if (client instanceof SSLSocket secure) {
          bridge = TlsBridge.open(secure);
          socket = bridge;
        } else {
          socket = StreamSocket.of(client.getChannel());
        }
      } catch (IOException e) {
        mux.cancel(stream.id(), "the proxy cannot serve the client");
        error(out, 503, "Service Unavailable", "the proxy cannot serve this stream now: " + e.getMessage());
        return false;
      }
      try {
        HttpHead.respond(out, 200, "Connection established", Map.of(), null);
      } catch (IOException e) {
        // The client went away before the stream could start: end the stream at both ends and drop the pipes.
        mux.cancel(stream.id(), "the proxy client went away");
        if (bridge != null) {
          bridge.close();
        }
        throw e;
      }
      ticket.handOff();
      if (bridge != null) {
        bridge.startCopying();
      }
      stream.start(socket);
      Opened o = opened.get(token.id());
      Runnable end = () -> mux.cancel(stream.id(), "proxy token revoked");
      if (o != null) {
        o.started(client, end);
      }
      if (o == null || !tokens.isLive(token)) {
        // Revoked while the stream started, before revoking could reach it.
        end.run();
      }
      return true;
    }
    error(out, 502, "Bad Gateway", "no agent for " + org + "/" + agent + " could open " + host + ":" + port);
    return false;
  }

  /**
   * The client sockets of one token. Closed ones are pruned when the set reaches the cap or twice
   * its size after the last pruning: amortized constant work per CONNECT at ten thousand streams.
   */
  private static final class Opened {
    /** Each client socket and how to end its stream (nothing until the stream started). */
    private final Map<Socket, Runnable> sockets = new ConcurrentHashMap<>();
    private int pruneAt = 1024;

    /** Counts {@code client} against the cap; false when the token's streams are at it. */
    synchronized boolean add(Socket client, int cap) {
      if (sockets.size() >= Math.min(cap, pruneAt)) {
        sockets.keySet().removeIf(Socket::isClosed);
        pruneAt = Math.max(1024, 2 * sockets.size());
      }
      if (sockets.size() >= cap) {
        return false;
      }
      sockets.put(client, () -> { });
      return true;
    }

    /** {@code client}'s stream started: revoking ends it through its multiplexer. */
    void started(Socket client, Runnable end) {
      sockets.replace(client, end);
    }
  }

  /**
   * A revoked token's streams end with it: each is reset through its multiplexer (a stream's socket
   * closed behind the stream loop's back would only cancel its selection key, and the stream would
   * never hear of it), and client sockets whose stream has not started are closed.
   */
  private void closeStreamsOf(ProxyTokenStore.Token token) {
    Opened o = opened.remove(token.id());
    int n = 0;
    for (Map.Entry<Socket, Runnable> e : o == null ? Map.<Socket, Runnable>of().entrySet() : o.sockets.entrySet()) {
      Socket s = e.getKey();
      if (!s.isClosed()) {
        n++;
        e.getValue().run();
        try {
          s.close();
        } catch (IOException ignored) {
          // Already gone.
        }
      }
    }
    Log.info("Proxy token revoked", "org", token.orgId(), "token", token.id(), "closedStreams", n);
  }

  private static void error(OutputStream out, int status, String reason, String message) throws IOException {
    HttpHead.respond(out, status, reason, Map.of("Content-Type", "text/plain", "Connection", "close"), message + "\n");
  }
}
