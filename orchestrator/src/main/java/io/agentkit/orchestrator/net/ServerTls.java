package io.agentkit.orchestrator.net;

import io.agentkit.tunnel.ws.TlsStreams;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Server-side TLS layered over an accepted TCP socket. Listeners accept plain sockets and the
 * handler thread runs the TLS handshake within the connection's deadline; the admission can then
 * drop a slow peer by closing the TCP socket underneath, which never waits on TLS locks.
 */
public final class ServerTls {

  private final SSLContext context;
  private final SSLSocketFactory factory;
  private final SSLParameters parameters;

  public ServerTls(SSLContext context) {
    this.context = context;
    this.factory = context.getSocketFactory();
    SSLParameters p = context.getDefaultSSLParameters();
    // AES-128-GCM first: the tunnel is bulk data and it costs both ends less CPU than AES-256.
    List<String> suites = new ArrayList<>(List.of(p.getCipherSuites()));
    if (suites.remove("TLS_AES_128_GCM_SHA256")) {
      suites.add(0, "TLS_AES_128_GCM_SHA256");
    }
    p.setCipherSuites(suites.toArray(new String[0]));
    p.setUseCipherSuitesOrder(true);
    this.parameters = p;
  }

  /** A server-mode TLS socket over {@code tcp}; closing it closes {@code tcp}. The handshake runs on first use. */
  public SSLSocket wrap(Socket tcp) throws IOException {
    SSLSocket s = (SSLSocket) factory.createSocket(tcp, null, true);
    s.setSSLParameters(parameters);
    return s;
  }

  /**
   * Server-mode TLS over {@code tcp} for the tunnel's bulk connection (see {@link TlsStreams}): the
   * handshake runs now, within {@code tcp}'s {@code SO_TIMEOUT}.
   */
  public TlsStreams handshake(Socket tcp) throws IOException {
    return TlsStreams.server(context, parameters, tcp);
  }
}
