package io.agentkit.agent.connection;

import io.agentkit.agent.config.TargetAllowlist;
import io.agentkit.tunnel.protocol.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Dials targets for OPEN frames: allowlist first, then DNS, then TCP with a timeout. */
public final class TargetDialer implements Dialer {

  private final TargetAllowlist allowlist;
  private final int timeoutMillis;

  public TargetDialer(TargetAllowlist allowlist, int timeoutMillis) {
    this.allowlist = allowlist;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Socket dial(String host, int port) throws DialException {
    boolean nameAllowed = allowlist.allowsName(host, port);
    if (!nameAllowed && !allowlist.hasAddressRules()) {
      throw notAllowed(host, port);
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new DialException(Reason.UNRESOLVED, "cannot resolve " + host);
    }
    if (!nameAllowed && !allowlist.allowsAddress(address, port)) {
      throw notAllowed(host, port);
    }
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(address, port), timeoutMillis);
      return s;
    } catch (SocketTimeoutException e) {
      close(s);
      throw new DialException(Reason.TIMEOUT, "no answer from " + host + ":" + port + " within " + timeoutMillis + " ms");
    } catch (ConnectException e) {
      close(s);
      throw new DialException(Reason.REFUSED, host + ":" + port + " refused the connection");
    } catch (NoRouteToHostException e) {
      close(s);
      throw new DialException(Reason.UNREACHABLE, "no route to " + host + ":" + port);
    } catch (IOException e) {
      close(s);
      throw new DialException(Reason.UNREACHABLE, "cannot connect to " + host + ":" + port + ": " + e.getMessage());
    }
  }

  private static DialException notAllowed(String host, int port) {
    return new DialException(Reason.NOT_ALLOWED, host + ":" + port + " is not in ALLOWED_TARGETS");
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // Already failed; nothing to release beyond the descriptor.
    }
  }
}
