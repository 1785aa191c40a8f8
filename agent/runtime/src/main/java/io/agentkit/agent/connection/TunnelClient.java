package io.agentkit.agent.connection;

import io.agentkit.agent.config.AgentConfig;
import io.agentkit.agent.config.ConfigException;
import io.agentkit.agent.config.TrustConfig;
import io.agentkit.contract.log.Log;
import io.agentkit.tunnel.connection.CloseCause;
import io.agentkit.tunnel.mux.Limits;
import io.agentkit.tunnel.mux.StreamThreads;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.tunnel.ws.WebSocketClient;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The connection supervisor: keeps one tunnel connection up, reconnecting with {@link Backoff},
 * and drains it on shutdown. Nothing that happens to one connection ends this loop: every failure,
 * an unexpected exception included, is logged and followed by the usual backoff.
 */
public final class TunnelClient {

  private final AgentConfig config;
  private final SSLContext tls;
  private final TargetDialer dialer;
  private final Limits limits;
  private final Backoff backoff = new Backoff();
  private final Object lock = new Object();
  private volatile boolean stopping;
  private volatile AgentConnection current;

  public TunnelClient(AgentConfig config) throws ConfigException {
    this.config = config;
    this.tls = TrustConfig.sslContext(config.caBundle());
    this.dialer = new TargetDialer(config.allowlist(), (int) TunnelProtocol.DIAL_TIMEOUT_MILLIS);
    this.limits = Limits.forThisProcess();
    Log.info("Limits", "heap", String.format("%.0fMiB", Runtime.getRuntime().maxMemory() / 1048576.0), "dialThreads", StreamThreads.kind(),
        "limits", limits.toString());
  }

  /** Runs until {@link #shutdown} is called. */
  public void run() {
    while (!stopping) {
      boolean rejected = false;
      try {
        AgentConnection c = AgentConnection.open(config, tls, HandshakeHeaders.signed(config, config.key(), System.currentTimeMillis() / 1000),
            dialer, limits);
        long upSince = System.nanoTime();
        synchronized (lock) {
          current = c;
        }
        Log.info("websocket connection established", "connectionId", config.connectionId());
        Log.info("Connected to websocket tunnel");
        Log.info("Starting server", "listening to", config.tunnelUrl());
        CloseCause how = c.tunnel().closed().join();
        synchronized (lock) {
          current = null;
        }
        if (stopping) {
          return;
        }
        Log.warn("Websocket connection lost", "code", how.code(), "reason", how.reason());
        backoff.connectionEnded(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upSince));
      } catch (EndpointMismatch e) {
        Log.error("The endpoint does not speak agent-kit's tunnel protocol", "err", e.getMessage(), "fix", EndpointMismatch.FIX);
      } catch (WebSocketClient.HandshakeException e) {
        rejected = reportRejection(e);
      } catch (IOException e) {
        Log.error("Can't connect to websocket", "err", "unable to establish websocket connection: " + describe(e));
      } catch (RuntimeException | Error e) {
        // A bug or a response nobody foresaw: this attempt failed, the agent goes on.
        Log.error("Can't connect to websocket", "err", "unexpected failure: " + describe(e));
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
    AgentConnection c;
    synchronized (lock) {
      stopping = true;
      c = current;
      lock.notifyAll();
    }
    if (c == null) {
      Log.info("Shutting down", "streams", 0);
      return;
    }
    int open = c.acceptor().activeStreams();
    Log.info("Draining: accepting no new streams", "streams", open, "grace", config.shutdownGraceSeconds() + "s");
    c.acceptor().drain();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.shutdownGraceSeconds());
    while (c.acceptor().activeStreams() > 0 && System.nanoTime() < deadline && c.tunnel().isOpen()) {
      try {
        // Not sleep(): that one returns at once while stopping.
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    int left = c.acceptor().activeStreams();
    if (left > 0) {
      Log.warn("Grace period over, closing remaining streams", "streams", left);
    }
    c.tunnel().closeGracefully(TunnelProtocol.CLOSE_NORMAL, "agent shutting down", 2000);
    Log.info("Shutting down", "streams", left);
  }

  /** @return true when the orchestrator rejected the key (401/403) */
  private boolean reportRejection(WebSocketClient.HandshakeException h) {
    int status = h.status();
    Log.error("Can't connect to websocket", "err",
        "unable to establish websocket connection: unexpected HTTP response status: " + status + ", " + (h.body().isEmpty() ? "{ []}" : h.body()));
    if (status == 401 || status == 403) {
      Log.error("The orchestrator did not accept this agent's key",
          "fingerprint", config.key().fingerprint(),
          "orgs", config.orgsHeader(),
          "hint", "register the public key with this fingerprint for every organization in ORGS (POST /orgs/{org}/agents or /orgs/{org}/agents/{agentId}/keys), then wait for the next attempt");
      return true;
    }
    if (status == 426) {
      Log.error("The orchestrator speaks another tunnel protocol version", "offered", TunnelProtocol.SUBPROTOCOL,
          "supported", h.header(TunnelProtocol.VERSIONS_HEADER));
    }
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
}
