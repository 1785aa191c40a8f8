package io.agentkit.it.tunnel.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * An echo server on a virtual thread per connection, run as its own process (a JVM holding 10,000
 * client sockets has no descriptors left for 10,000 server sockets). Prints its port, then serves
 * until killed; a connection that sends one byte 'h' and reads nothing is a target that never
 * reads (for the stalled-stream benchmark) when started with {@code stall}.
 */
public final class EchoTarget {

  public static void main(String[] args) throws IOException {
    boolean stall = args.length > 0 && args[0].equals("stall");
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16_384);
    System.out.println(server.getLocalPort());
    System.out.flush();
    while (true) {
      Socket s = server.accept();
      Thread.ofVirtual().start(() -> serve(s, stall));
    }
  }

  private static void serve(Socket s, boolean stall) {
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = s.getInputStream();
      if (stall) {
        // Accept and never read: whatever is sent piles up in buffers and windows.
        in.read();
        Thread.sleep(Long.MAX_VALUE);
      }
      OutputStream out = s.getOutputStream();
      byte[] b = new byte[16 * 1024];
      int n;
      while ((n = in.read(b)) >= 0) {
        out.write(b, 0, n);
      }
    } catch (IOException | InterruptedException e) {
      // Client gone.
    }
  }
}
