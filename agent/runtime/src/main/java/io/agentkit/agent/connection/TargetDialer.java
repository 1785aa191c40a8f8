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
import java.nio.channels.SocketChannel;

/**
 * Dials targets for OPEN frames: the allowlist's name patterns first (a refused name is never
 * looked up), then DNS, then the allowlist again on each resolved address, then TCP with a timeout
 * to the first address allowed. The socket connects to exactly the address that was checked, so a
 * second lookup cannot answer differently.
 */
public final class TargetDialer implements Dialer {

  /** Name resolution; the JDK's resolver in production. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final TargetAllowlist allowlist;
  private final int timeoutMillis;
  private final Resolver resolver;

  public TargetDialer(TargetAllowlist allowlist, int timeoutMillis) {
    this(allowlist, timeoutMillis, InetAddress::getAllByName);
  }

  public TargetDialer(TargetAllowlist allowlist, int timeoutMillis, Resolver resolver) {
    this.allowlist = allowlist;
    this.timeoutMillis = timeoutMillis;
    this.resolver = resolver;
  }

  @Override
  public SocketChannel dial(String host, int port) throws DialException {
    InetAddress address = check(host, port);
    SocketChannel channel;
    try {
      channel = SocketChannel.open();
    } catch (IOException e) {
      throw new DialException(Reason.INTERNAL, "cannot create a socket: " + e.getMessage());
    }
    // The channel's socket view connects with a timeout, which the channel's own connect lacks.
    Socket s = channel.socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(address, port), timeoutMillis);
      return channel;
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

  /** The address to dial for {@code host:port}, or why not ({@link Reason#NOT_ALLOWED}, {@link Reason#UNRESOLVED}). */
  public InetAddress check(String host, int port) throws DialException {
    if (!allowlist.mayAllow(host, port)) {
      throw new DialException(Reason.NOT_ALLOWED, host + ":" + port + " is not in ALLOWED_TARGETS");
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new DialException(Reason.UNRESOLVED, "cannot resolve " + host);
    }
    String restricted = null;
    for (InetAddress a : addresses) {
      if (allowlist.allows(host, a, port)) {
        return a;
      }
      if (restricted == null) {
        restricted = TargetAllowlist.restriction(a);
      }
    }
    if (addresses.length == 0) {
      throw new DialException(Reason.UNRESOLVED, "cannot resolve " + host);
    }
    throw new DialException(Reason.NOT_ALLOWED, restricted != null
        ? host + ":" + port + " is in " + restricted + " (loopback, link-local or unspecified), which only an ALLOWED_TARGETS entry naming it allows"
        : host + ":" + port + " is not in ALLOWED_TARGETS");
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // Already failed; nothing to release beyond the descriptor.
    }
  }
}
