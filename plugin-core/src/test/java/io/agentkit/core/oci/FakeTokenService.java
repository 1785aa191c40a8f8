package io.agentkit.core.oci;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Bearer token service in this process: issues a fixed token to the expected Basic credentials (or to anyone), recording every request. */
final class FakeTokenService implements AutoCloseable {

  final List<FakeRegistry.Seen> seen = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  /** @param expected the Basic header that earns a token, or null to issue tokens to anyone */
  FakeTokenService(String expected, String token) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", x -> {
      try (x) {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        seen.add(new FakeRegistry.Seen(x.getRequestMethod(), x.getRequestURI().toString(), auth));
        if (expected != null && !expected.equals(auth)) {
          FakeRegistry.send(x, 401, "{\"details\":\"bad credentials\"}");
        } else {
          x.getResponseHeaders().add("Content-Type", "application/json");
          FakeRegistry.send(x, 200, "{\"token\":\"" + token + "\"}");
        }
      }
    });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The realm under the host name 127.0.0.1 (the registry's host in these tests). */
  String realm() {
    return "http://127.0.0.1:" + port() + "/token";
  }

  /** The realm under the host name localhost: another host for the client. */
  String otherHostRealm() {
    return "http://localhost:" + port() + "/token";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
