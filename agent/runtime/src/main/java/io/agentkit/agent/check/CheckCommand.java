package io.agentkit.agent.check;

import io.agentkit.agent.config.AgentConfig;
import io.agentkit.agent.config.ConfigException;
import io.agentkit.agent.config.KeyFileMode;
import io.agentkit.agent.config.ProxyConfig;
import io.agentkit.agent.config.TrustConfig;
import io.agentkit.contract.keys.AgentPrivateKey;
import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.contract.keys.PrivateKeyReader;
import io.agentkit.agent.connection.EndpointMismatch;
import io.agentkit.agent.connection.TunnelProbe;
import io.agentkit.tunnel.ws.WebSocketClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocket;

/**
 * {@code agent check}: the guide's {@code nc -v} troubleshooting, step by step up to the signed
 * handshake. Stops at the first failing step with exit code 1 (2 for bad configuration).
 */
public final class CheckCommand {

  private static final int TIMEOUT_MILLIS = 10_000;

  private final PrintStream out;

  private CheckCommand(PrintStream out) {
    this.out = out;
  }

  public static int run(Map<String, String> env, PrintStream out) {
    return new CheckCommand(out).run(env);
  }

  private int run(Map<String, String> env) {
    AgentConfig base;
    try {
      base = AgentConfig.fromEnv(env, false);
    } catch (ConfigException e) {
      fail("configuration", e.getMessage());
      return ConfigException.EXIT_CODE;
    }
    URI url = base.tunnelUrl();
    int port = url.getPort() < 0 ? 443 : url.getPort();
    ok("configuration", "tunnel " + url + ", orgs " + base.orgsHeader() + ", connection id \"" + base.connectionId() + "\"");

    AgentPrivateKey key;
    try {
      key = PrivateKeyReader.read(base.privateKeyFile());
    } catch (KeyFileException e) {
      return fail("private key", e.getMessage());
    }
    ok("private key", key.toString());
    String mode = KeyFileMode.problem(base.privateKeyFile());
    if (mode != null) {
      return fail("key file mode", mode);
    }
    ok("key file mode", "readable by its owner only");

    ProxyConfig proxy = base.proxy();
    boolean viaProxy = proxy != null && !proxy.bypasses(url.getHost());
    String dialHost = viaProxy ? proxy.address().getHostString() : url.getHost();
    int dialPort = viaProxy ? proxy.address().getPort() : port;
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(dialHost);
    } catch (UnknownHostException e) {
      return fail("resolve", "cannot resolve " + dialHost + (viaProxy ? " (the HTTPS_PROXY host)" : "") + ": check DNS and the host name");
    }
    ok("resolve", dialHost + " -> " + Arrays.stream(addresses).map(InetAddress::getHostAddress).collect(Collectors.joining(", ")));

    Socket tcp = new Socket();
    try {
      long t0 = System.nanoTime();
      tcp.connect(new InetSocketAddress(addresses[0], dialPort), TIMEOUT_MILLIS);
      tcp.setSoTimeout(TIMEOUT_MILLIS);
      ok("tcp", "connected to " + addresses[0].getHostAddress() + ":" + dialPort + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms" + (viaProxy ? " (proxy)" : ""));
      if (viaProxy) {
        try {
          WebSocketClient.connectThroughProxy(tcp, url.getHost(), port, proxy.route(url.getHost()).authorization());
        } catch (IOException e) {
          return fail("proxy", e.getMessage() + ": check HTTPS_PROXY credentials and the proxy's allowlist");
        }
        ok("proxy", "CONNECT " + url.getHost() + ":" + port + " established");
      }
      SSLSocket tls = WebSocketClient.startTls(TrustConfig.sslContext(base.caBundle()), tcp, url.getHost(), port);
      X509Certificate cert = (X509Certificate) tls.getSession().getPeerCertificates()[0];
      ok("tls", tls.getSession().getProtocol() + ", certificate " + cert.getSubjectX500Principal().getName() + " trusted for " + url.getHost());
      tls.close();
    } catch (javax.net.ssl.SSLException e) {
      return fail("tls", e.getMessage() + ": if the orchestrator uses a private CA, set TUNNEL_CA_BUNDLE to its PEM file");
    } catch (IOException e) {
      return fail("tcp", "cannot connect to " + dialHost + ":" + dialPort + ": " + e.getMessage() + " (check egress firewalls and network policies)");
    } catch (ConfigException e) {
      return fail("tls", e.getMessage());
    } finally {
      try {
        tcp.close();
      } catch (IOException ignored) {
        // Diagnostic connection only.
      }
    }

    AgentConfig config = base.withKey(key);
    TunnelProbe.Result r;
    try {
      r = TunnelProbe.handshake(config);
    } catch (ConfigException e) {
      return fail("handshake", e.getMessage());
    }
    if (r.mismatch() != null) {
      return fail("protocol", r.mismatch() + "\n      " + EndpointMismatch.FIX);
    }
    if (r.status() != 0) {
      ok("protocol", "the endpoint is an agent-kit orchestrator" + (r.ok() ? " (" + r.body() + ")" : ""));
    }
    if (r.ok()) {
      ok("handshake", "signed handshake accepted (" + r.body() + ")");
      return 0;
    }
    if (r.status() == 401 || r.status() == 403) {
      return fail("handshake", "HTTP " + r.status() + " " + r.body() + "\n      the orchestrator did not accept key " + key.fingerprint()
          + " for organizations " + base.orgsHeader() + ": the public key must be registered and authorized in every one of them"
          + " (GET /orgs/{org}/agents?fingerprint=" + key.fingerprint() + " lists where it is)");
    }
    if (r.status() != 0) {
      return fail("handshake", "HTTP " + r.status() + " " + r.body());
    }
    return fail("handshake", r.error());
  }

  private void ok(String step, String detail) {
    out.println(String.format("ok    %-14s %s", step, detail));
  }

  private int fail(String step, String detail) {
    out.println(String.format("FAIL  %-14s %s", step, detail));
    return 1;
  }
}
