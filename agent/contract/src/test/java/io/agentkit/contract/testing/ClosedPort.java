package io.agentkit.contract.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port where nothing listens, for tests of an unreachable peer (an API, a registry, a
 * target): a TCP socket bound to it but never listening, held until {@link #close()}. On Linux a
 * connection to it is refused, and no other process can start listening on it meanwhile (as could
 * happen to a port probed free and released).
 */
public final class ClosedPort implements AutoCloseable {

  private final Socket holder = new Socket();

  public ClosedPort() throws IOException {
    holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  public int port() {
    return holder.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    holder.close();
  }
}
