package io.agentkit.agent.tunnel;

import io.agentkit.agent.config.AgentConfig;
import io.agentkit.agent.config.ConfigException;
import io.agentkit.agent.config.ProxyConfig;
import io.agentkit.agent.config.TrustConfig;
import io.agentkit.agent.log.Log;
import io.agentkit.agent.protocol.TunnelProtocol;
import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The connection supervisor: keeps one tunnel connection up, reconnecting with {@link Backoff},
 * and drains it on shutdown.
 */
public final class TunnelClient {

  private final AgentConfig config;
  private final HttpClient http;
  private final TargetDialer dialer;
  private final Backoff backoff = new Backoff();
  private final Object lock = new Object();
  private volatile boolean stopping;
  private volatile TunnelConnection current;

  public TunnelClient(AgentConfig config) throws ConfigException {
    this.config = config;
    this.http = httpClient(config);
    this.dialer = new TargetDialer(config.allowlist(), (int) TunnelProtocol.DIAL_TIMEOUT_MILLIS);
  }

  /** Runs until {@link #shutdown} is called. */
  public void run() {
    while (!stopping) {
      TunnelConnection c = new TunnelConnection(dialer);
      boolean rejected = false;
      try {
        c.open(http, config.tunnelUrl(), HandshakeHeaders.signed(config, config.key(), System.currentTimeMillis() / 1000))
            .get(2 * TunnelProtocol.DIAL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        long upSince = System.nanoTime();
        synchronized (lock) {
          current = c;
        }
        Log.info("websocket connection established", "connectionId", config.connectionId());
        Log.info("Connected to websocket tunnel");
        Log.info("Starting server", "listening to", config.tunnelUrl());
        TunnelConnection.Closed how = c.closed().join();
        synchronized (lock) {
          current = null;
        }
        if (stopping) {
          return;
        }
        Log.warn("Websocket connection lost", "code", how.code(), "reason", how.reason());
        if (System.nanoTime() - upSince >= TimeUnit.MILLISECONDS.toNanos(Backoff.HEALTHY_AFTER_MILLIS)) {
          backoff.reset();
        }
      } catch (ExecutionException e) {
        rejected = reportFailure(e.getCause());
      } catch (TimeoutException e) {
        Log.error("Can't connect to websocket", "err", "unable to establish websocket connection: no handshake answer within " + 2 * TunnelProtocol.DIAL_TIMEOUT_MILLIS / 1000 + " s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long delay = backoff.nextDelayMillis(rejected);
      Log.info("Reconnecting", "in", String.format("%.3fs", delay / 1000.0), "attempt", backoff.failures());
      sleep(delay);
    }
  }

  /**
   * Drain: tell the orchestrator, refuse new streams, wait up to the grace period for open ones,
   * close. Called from the shutdown hook.
   */
  public void shutdown() {
    TunnelConnection c;
    synchronized (lock) {
      stopping = true;
      c = current;
      lock.notifyAll();
    }
    if (c == null) {
      Log.info("Shutting down", "streams", 0);
      return;
    }
    int open = c.mux().activeStreams();
    Log.info("Draining: accepting no new streams", "streams", open, "grace", config.shutdownGraceSeconds() + "s");
    c.mux().drain();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.shutdownGraceSeconds());
    while (c.mux().activeStreams() > 0 && System.nanoTime() < deadline && !c.closed().isDone()) {
      sleep(50);
    }
    int left = c.mux().activeStreams();
    if (left > 0) {
      Log.warn("Grace period over, closing remaining streams", "streams", left);
    }
    c.closeGracefully(TunnelProtocol.CLOSE_NORMAL, "agent shutting down", 2000);
    Log.info("Shutting down", "streams", left);
  }

  /** @return true when the orchestrator rejected the key (401/403) */
  private boolean reportFailure(Throwable cause) {
    if (cause instanceof WebSocketHandshakeException h) {
      int status = h.getResponse().statusCode();
      Object body = h.getResponse().body();
      String detail = body == null ? "" : String.valueOf(body).strip();
      Log.error("Can't connect to websocket", "err",
          "unable to establish websocket connection: unexpected HTTP response status: " + status + ", " + (detail.isEmpty() ? "{ []}" : detail));
      if (status == 401 || status == 403) {
        Log.error("The orchestrator did not accept this agent's key",
            "fingerprint", config.key().fingerprint(),
            "orgs", config.orgsHeader(),
            "hint", "register the public key with this fingerprint for every organization in ORGS (POST /orgs/{org}/agents or /orgs/{org}/agents/{agentId}/keys), then wait for the next attempt");
        return true;
      }
      if (status == 426) {
        Log.error("The orchestrator speaks another tunnel protocol version", "offered", TunnelProtocol.SUBPROTOCOL,
            "supported", h.getResponse().headers().firstValue(TunnelProtocol.VERSIONS_HEADER).orElse("unknown"));
      }
      return false;
    }
    Log.error("Can't connect to websocket", "err", "unable to establish websocket connection: " + describe(cause));
    return false;
  }

  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private void sleep(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (lock) {
      long left;
      while (!stopping && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  static HttpClient httpClient(AgentConfig config) throws ConfigException {
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofMillis(TunnelProtocol.DIAL_TIMEOUT_MILLIS))
        .sslContext(TrustConfig.sslContext(config.caBundle()));
    ProxyConfig proxy = config.proxy();
    if (proxy != null) {
      b.proxy(new ProxySelector() {
        @Override
        public List<Proxy> select(URI uri) {
          if (proxy.bypasses(uri.getHost())) {
            return List.of(Proxy.NO_PROXY);
          }
          return List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress(proxy.address().getHostString(), proxy.address().getPort())));
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
          // Reported by the connection attempt itself.
        }
      });
      if (proxy.user() != null) {
        b.authenticator(new Authenticator() {
          @Override
          protected PasswordAuthentication getPasswordAuthentication() {
            return getRequestorType() == RequestorType.PROXY ? new PasswordAuthentication(proxy.user(), proxy.password().toCharArray()) : null;
          }
        });
      }
    }
    return b.build();
  }
}
