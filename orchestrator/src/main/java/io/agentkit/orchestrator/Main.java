package io.agentkit.orchestrator;

import io.agentkit.contract.log.Log;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import io.agentkit.orchestrator.api.AgentApi;
import io.agentkit.orchestrator.proxy.ConnectProxy;
import io.agentkit.orchestrator.store.AgentStore;
import io.agentkit.orchestrator.tls.TlsMaterial;
import io.agentkit.orchestrator.tunnel.HandshakeVerifier;
import io.agentkit.orchestrator.tunnel.SessionRegistry;
import io.agentkit.orchestrator.tunnel.TunnelServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;

/** Starts the reference orchestrator: Agent API, tunnel endpoint and CONNECT proxy. */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.print(OrchestratorConfig.usage());
      return;
    }
    OrchestratorConfig config;
    try {
      config = OrchestratorConfig.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage() + "\n" + OrchestratorConfig.usage());
      System.exit(2);
      return;
    }
    Files.createDirectories(config.dataDir());
    AgentStore store = AgentStore.open(config.dataDir().resolve("store.json"));
    SessionRegistry registry = new SessionRegistry();
    store.onRevoked((org, agent) -> registry.revoke(org, agent, store));
    String token = token(config);
    SSLContext tls = tls(config);

    AgentApi api = new AgentApi(tls, new InetSocketAddress(config.bind(), config.apiPort()), store, registry, token);
    TunnelServer tunnel = new TunnelServer(tls, new InetSocketAddress(config.bind(), config.tunnelPort()), new HandshakeVerifier(store), registry);
    ConnectProxy proxy = new ConnectProxy(new InetSocketAddress(config.bind(), config.proxyPort()), registry, token, config.openTimeoutMillis());
    api.start();
    tunnel.listener().start();
    proxy.listener().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      registry.closeAll(TunnelProtocol.CLOSE_GOING_AWAY, "orchestrator shutting down");
      api.stop();
    }, "shutdown"));
    Log.info("Listening", "component", "api", "url", "https://" + config.bind() + ":" + api.port() + "/orgs/{org}/agents");
    Log.info("Listening", "component", "tunnel", "url", "wss://" + config.bind() + ":" + tunnel.listener().port() + TunnelServer.PATH);
    Log.info("Listening", "component", "proxy", "url", "http://" + config.bind() + ":" + proxy.listener().port(), "credentials", "<org>/<agent-id>:<api token>");
    Log.info("Orchestrator ready", "dataDir", config.dataDir());
    Thread.currentThread().join();
  }

  private static SSLContext tls(OrchestratorConfig config) throws Exception {
    if (config.tlsCert() != null) {
      if (config.tlsKey() == null) {
        throw new IllegalArgumentException("--tls-cert needs --tls-key");
      }
      return TlsMaterial.load(config.tlsCert(), config.tlsKey());
    }
    Path dir = config.dataDir().resolve("tls");
    TlsMaterial.ensureSelfSigned(dir, config.tlsNames());
    Log.info("Using the self-signed TLS certificate", "cert", dir.resolve("cert.pem"), "hint", "agents trust it with TUNNEL_CA_BUNDLE=" + dir.resolve("cert.pem"));
    return TlsMaterial.load(dir.resolve("cert.pem"), dir.resolve("key.pem"));
  }

  private static String token(OrchestratorConfig config) throws Exception {
    if (!config.token().isEmpty()) {
      return config.token();
    }
    Path file = config.dataDir().resolve("api-token");
    if (!Files.exists(file)) {
      byte[] b = new byte[24];
      new SecureRandom().nextBytes(b);
      Path tmp = config.dataDir().resolve("api-token.tmp");
      Files.writeString(tmp, HexFormat.of().formatHex(b) + "\n", StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX filesystem.
      }
      Files.move(tmp, file);
      Log.info("Generated an API token", "file", file);
    }
    Log.info("API token", "file", file);
    return Files.readString(file, StandardCharsets.US_ASCII).trim();
  }
}
