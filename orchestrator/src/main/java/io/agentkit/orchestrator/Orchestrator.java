package io.agentkit.orchestrator;

import io.agentkit.contract.log.Log;
import io.agentkit.orchestrator.api.AgentApi;
import io.agentkit.orchestrator.api.ApiServer;
import io.agentkit.orchestrator.net.Admission;
import io.agentkit.orchestrator.net.Listener;
import io.agentkit.orchestrator.net.ServerTls;
import io.agentkit.orchestrator.proxy.ConnectProxy;
import io.agentkit.orchestrator.store.AgentStore;
import io.agentkit.orchestrator.store.DataFiles;
import io.agentkit.orchestrator.store.NonceStore;
import io.agentkit.orchestrator.store.ProxyTokenStore;
import io.agentkit.orchestrator.tls.TlsMaterial;
import io.agentkit.orchestrator.tunnel.HandshakeVerifier;
import io.agentkit.orchestrator.tunnel.SessionRegistry;
import io.agentkit.orchestrator.tunnel.TunnelAuthority;
import io.agentkit.orchestrator.tunnel.TunnelServer;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.signing.HandshakeSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * The reference orchestrator wired together: store, tokens and nonces in the data directory, and
 * three listeners with their own addresses and limits (Agent API, tunnel endpoint, CONNECT proxy).
 */
public final class Orchestrator {

  /** How often sessions are checked against their keys' expiry: well within the minute the protocol promises. */
  static final long SESSION_CHECK_MILLIS = 10_000;

  /**
   * How listeners run their connections. Production: a virtual thread each, handlers as they are.
   * Tests swap these to inject failures (a thread that cannot be created, a handler that throws).
   */
  public record Hooks(Function<String, ThreadFactory> threads, UnaryOperator<Listener.Handler> handlers) {
    public static final Hooks PRODUCTION = new Hooks(name -> Thread.ofVirtual().name(name + "-", 0).factory(), UnaryOperator.identity());
  }

  /** A reason not to start, for the operator. */
  public static final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    StartupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final SessionRegistry registry;
  private final NonceStore nonces;
  private final List<Listener> listeners;

  private Orchestrator(SessionRegistry registry, NonceStore nonces, List<Listener> listeners) {
    this.registry = registry;
    this.nonces = nonces;
    this.listeners = listeners;
  }

  public static Orchestrator start(OrchestratorConfig config, Hooks hooks) throws StartupException {
    try {
      return startOrThrow(config, hooks);
    } catch (IOException | GeneralSecurityException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  private static Orchestrator startOrThrow(OrchestratorConfig config, Hooks hooks) throws IOException, GeneralSecurityException, StartupException {
    Path data = config.dataDir();
    DataFiles.privateDirectory(data);
    Path storeFile = data.resolve("store.json");
    boolean ranBefore = Files.exists(storeFile);
    AgentStore store = AgentStore.open(storeFile);
    ProxyTokenStore proxyTokens = ProxyTokenStore.open(data.resolve("proxy-tokens.json"));
    NonceStore nonces = NonceStore.open(data.resolve("nonces.log"), HandshakeSignature.MAX_SKEW_SECONDS, ranBefore, Instant.now());
    SessionRegistry registry = new SessionRegistry();
    store.onRevoked((org, agent) -> registry.revoke(org, agent, store));
    String token = ApiToken.load(config);
    Path cert = config.tlsCert();
    Path key = config.tlsKey();
    if (cert == null) {
      if (key != null) {
        throw new StartupException("--tls-key needs --tls-cert", null);
      }
      Path dir = data.resolve("tls");
      TlsMaterial.ensureSelfSigned(dir, config.tlsNames());
      cert = dir.resolve("cert.pem");
      key = dir.resolve("key.pem");
      Log.info("Using the self-signed TLS certificate", "cert", cert, "hint", "agents trust it with TUNNEL_CA_BUNDLE=<a copy of " + cert + ">");
    } else if (key == null) {
      throw new StartupException("--tls-cert needs --tls-key", null);
    }
    SSLContext context = TlsMaterial.load(cert, key);
    ServerTls tls = new ServerTls(context);

    Deferred tunnelHandler = new Deferred();
    Listener tunnelListener = Listener.bind(new InetSocketAddress(config.tunnelBind(), config.tunnelPort()), "tunnel", TunnelServer.LIMITS,
        hooks.threads().apply("tunnel"), hooks.handlers().apply(tunnelHandler));
    TunnelAuthority authority = config.tunnelAuthority() != null
        ? config.tunnelAuthority()
        : TunnelAuthority.fromCertificateNames(TlsMaterial.names(cert), tunnelListener.port());
    if (authority.isEmpty()) {
      tunnelListener.close();
      throw new StartupException(cert + " names no host agents could sign for (only wildcards): set --tunnel-authority to the host[:port] in their TUNNEL_URL", null);
    }
    TunnelServer tunnel = new TunnelServer(tls, new HandshakeVerifier(store, nonces, authority), registry);
    tunnelHandler.target = tunnel::handle;

    AgentApi api = new AgentApi(store, proxyTokens, registry, token);
    Listener apiListener = Listener.bind(new InetSocketAddress(config.apiBind(), config.apiPort()), "api", ApiServer.LIMITS,
        hooks.threads().apply("api"), hooks.handlers().apply(new ApiServer(tls, api)::handle));
    ConnectProxy proxy = new ConnectProxy(config.proxyTls() ? tls : null, registry, proxyTokens, config.openTimeoutMillis());
    Listener proxyListener = Listener.bind(new InetSocketAddress(config.proxyBind(), config.proxyPort()), "proxy", ConnectProxy.LIMITS,
        hooks.threads().apply("proxy"), hooks.handlers().apply(proxy::handle));

    Orchestrator o = new Orchestrator(registry, nonces, List.of(apiListener, tunnelListener, proxyListener));
    for (Listener l : o.listeners) {
      l.start();
    }
    Thread.ofVirtual().name("session-check").start(() -> checkSessions(registry, store));
    Log.info("Listening", "component", "api", "url", "https://" + hostForUrl(apiListener) + ":" + apiListener.port() + "/orgs/{org}/agents");
    Log.info("Listening", "component", "tunnel", "url", "wss://" + hostForUrl(tunnelListener) + ":" + tunnelListener.port() + TunnelServer.PATH,
        "authority", authority);
    Log.info("Listening", "component", "proxy", "url", (config.proxyTls() ? "https://" : "http://") + hostForUrl(proxyListener) + ":" + proxyListener.port(),
        "credentials", "<org>/<agent-id>:<proxy token from POST /orgs/{org}/proxy-tokens>");
    Log.info("Orchestrator ready", "dataDir", data);
    return o;
  }

  /** The tunnel's handler needs the bound port (for the default authority) before it can exist. */
  private static final class Deferred implements Listener.Handler {
    private volatile Listener.Handler target;

    @Override
    public void handle(Socket socket, Admission.Ticket ticket) throws Exception {
      target.handle(socket, ticket);
    }
  }

  private static void checkSessions(SessionRegistry registry, AgentStore store) {
    while (true) {
      try {
        Thread.sleep(SESSION_CHECK_MILLIS);
        int closed = registry.closeUnauthorized(store, Instant.now());
        if (closed > 0) {
          Log.info("Closed sessions whose key expired or was unlinked", "sessions", closed);
        }
      } catch (Throwable t) {
        try {
          Log.error("Session check failed", "err", String.valueOf(t));
        } catch (Throwable ignored) {
          // Keep checking.
        }
      }
    }
  }

  private static String hostForUrl(Listener l) {
    String h = l.host();
    return h.contains(":") ? "[" + h + "]" : h;
  }

  /** Shutdown: agents are told the orchestrator is going away, then the listeners close. */
  public void stop() {
    registry.closeAll(TunnelProtocol.CLOSE_GOING_AWAY, "orchestrator shutting down");
    for (Listener l : listeners) {
      try {
        l.close();
      } catch (IOException ignored) {
        // Exiting anyway.
      }
    }
    try {
      nonces.close();
    } catch (IOException ignored) {
      // Every nonce was synced when it was recorded.
    }
  }
}
