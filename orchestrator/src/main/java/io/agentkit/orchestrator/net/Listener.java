package io.agentkit.orchestrator.net;

import io.agentkit.contract.log.Log;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/** A bound server socket with an accept thread handing each connection to a thread of its own. */
public final class Listener {

  private final ServerSocket server;
  private final String name;
  private final Consumer<Socket> handler;

  public Listener(ServerSocket server, String name, Consumer<Socket> handler) {
    this.server = server;
    this.name = name;
    this.handler = handler;
  }

  public int port() {
    return server.getLocalPort();
  }

  public void start() {
    Thread t = new Thread(this::acceptLoop, name + "-accept");
    t.setDaemon(true);
    t.start();
  }

  public void close() throws IOException {
    server.close();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> handler.accept(s), name + "-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!server.isClosed()) {
          Log.warn("Accept failed", "listener", name, "err", e.getMessage());
        }
      }
    }
  }
}
