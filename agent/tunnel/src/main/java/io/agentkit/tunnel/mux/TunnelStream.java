package io.agentkit.tunnel.mux;

import io.agentkit.contract.log.Log;
import io.agentkit.tunnel.protocol.FrameWriter;
import io.agentkit.tunnel.protocol.ProtocolException;
import io.agentkit.tunnel.protocol.Reason;
import io.agentkit.tunnel.protocol.TunnelProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One multiplexed stream bridged to a TCP socket, with its two pumps: socket → tunnel (bounded by
 * the peer's credit) and tunnel → socket (bounded by the window this side granted). Both ends of
 * the tunnel use it: the agent for target sockets, the orchestrator for proxy clients.
 *
 * <p>All mutable state is guarded by {@code lock}; the pumps block on it, the connection's receive
 * thread never does. {@link #terminate} runs its effects once.
 */
public final class TunnelStream {

  private final int id;
  private final String target;
  private final Multiplexer mux;
  private final FrameSink sink;
  private final Object lock = new Object();

  // Guarded by lock.
  private Socket socket;
  private int sendCredit;
  private int receiveRemaining = TunnelProtocol.INITIAL_WINDOW;
  private int receiveWindow = TunnelProtocol.INITIAL_WINDOW;
  private final ArrayDeque<ByteBuffer> inbound = new ArrayDeque<>();
  private boolean remoteClosed;
  private boolean localClosed;
  private boolean outputShut;
  private boolean terminated;
  private long bytesIn;
  private long bytesOut;

  TunnelStream(int id, String target, Multiplexer mux, FrameSink sink, int sendCredit) {
    this.id = id;
    this.target = target;
    this.mux = mux;
    this.sink = sink;
    this.sendCredit = sendCredit;
  }

  public int id() {
    return id;
  }

  public String target() {
    return target;
  }

  /** Connects the stream to its socket and starts both pumps. */
  public void start(Socket s) {
    synchronized (lock) {
      if (terminated) {
        closeQuietly(s);
        return;
      }
      socket = s;
    }
    PumpThreads.run("stream-" + Integer.toUnsignedString(id) + "-up", () -> pumpUp(s));
    PumpThreads.run("stream-" + Integer.toUnsignedString(id) + "-down", () -> pumpDown(s));
  }

  boolean isTerminated() {
    synchronized (lock) {
      return terminated;
    }
  }

  void setSendCredit(int window) {
    synchronized (lock) {
      sendCredit = window;
      lock.notifyAll();
    }
  }

  void receiveData(ByteBuffer data) throws ProtocolException {
    int n = data.remaining();
    synchronized (lock) {
      if (terminated) {
        return;
      }
      if (remoteClosed) {
        throw ProtocolException.stream(id, Reason.PROTOCOL, "DATA after CLOSE");
      }
      if (n > receiveRemaining) {
        throw ProtocolException.stream(id, Reason.FLOW_CONTROL,
            "DATA of " + n + " bytes exceeds the remaining window of " + receiveRemaining);
      }
      receiveRemaining -= n;
      // No copy: the transport hands over each message's array (FrameListener#onData).
      inbound.add(data.slice());
      lock.notifyAll();
    }
  }

  void receiveWindow(int increment) throws ProtocolException {
    synchronized (lock) {
      if ((long) sendCredit + increment > Integer.MAX_VALUE) {
        throw ProtocolException.stream(id, Reason.FLOW_CONTROL, "WINDOW increment overflows the send window");
      }
      sendCredit += increment;
      lock.notifyAll();
    }
  }

  void receiveClose() {
    synchronized (lock) {
      remoteClosed = true;
      lock.notifyAll();
    }
  }

  /** Ends the stream here and tells the peer, unless the peer ended it. */
  void abort(Reason reason, String message, boolean tellPeer) {
    if (terminate() && tellPeer) {
      sink.sendControl(FrameWriter.reset(id, reason, message));
    }
  }

  /** @return true for the call that actually terminated the stream */
  boolean terminate() {
    Socket s;
    synchronized (lock) {
      if (terminated) {
        return false;
      }
      terminated = true;
      inbound.clear();
      s = socket;
      mux.releaseWindow(receiveWindow - TunnelProtocol.INITIAL_WINDOW);
      lock.notifyAll();
    }
    closeQuietly(s);
    mux.removed(this);
    return true;
  }

  private void pumpUp(Socket s) {
    int chunk = sink.dataChunk();
    try {
      InputStream in = s.getInputStream();
      while (true) {
        int n;
        synchronized (lock) {
          while (sendCredit == 0 && !terminated) {
            lock.wait();
          }
          if (terminated) {
            return;
          }
          n = Math.min(sendCredit, chunk);
        }
        ByteBuffer frame = FrameWriter.dataBuffer(n);
        int r = in.read(frame.array(), FrameWriter.dataOffset(), n);
        if (r < 0) {
          break;
        }
        frame.position(FrameWriter.dataOffset() + r);
        synchronized (lock) {
          sendCredit -= r;
          bytesOut += r;
        }
        sink.sendInOrder(FrameWriter.finishData(frame, id));
      }
      sink.sendInOrder(FrameWriter.close(id));
      synchronized (lock) {
        localClosed = true;
      }
      finishIfDone();
    } catch (IOException e) {
      if (!isTerminated()) {
        Log.debug("Stream read failed", "stream", Integer.toUnsignedString(id), "target", target, "err", e.getMessage());
        abort(Reason.CANCELLED, "reading from the socket failed: " + e.getMessage(), true);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort(Reason.INTERNAL, "interrupted", true);
    }
  }

  private void pumpDown(Socket s) {
    int unreturned = 0;
    try {
      OutputStream out = s.getOutputStream();
      while (true) {
        ByteBuffer chunk;
        synchronized (lock) {
          while (inbound.isEmpty() && !remoteClosed && !terminated) {
            lock.wait();
          }
          if (terminated) {
            return;
          }
          chunk = inbound.poll();
          if (chunk == null) {
            break;
          }
        }
        int n = chunk.remaining();
        out.write(chunk.array(), chunk.arrayOffset() + chunk.position(), n);
        unreturned += n;
        // Batches never strand a sender: it only waits once a whole window is unacknowledged,
        // and writing that window passes the threshold several times.
        int credit;
        synchronized (lock) {
          bytesIn += n;
          if (unreturned < receiveWindow / TunnelProtocol.WINDOW_UPDATE_DIVISOR) {
            continue;
          }
          credit = unreturned + growth();
          receiveRemaining += credit;
        }
        sink.sendControl(FrameWriter.window(id, credit));
        unreturned = 0;
      }
      s.shutdownOutput();
      synchronized (lock) {
        outputShut = true;
      }
      finishIfDone();
    } catch (IOException e) {
      if (!isTerminated()) {
        Log.debug("Stream write failed", "stream", Integer.toUnsignedString(id), "target", target, "err", e.getMessage());
        abort(Reason.CANCELLED, "writing to the socket failed: " + e.getMessage(), true);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort(Reason.INTERNAL, "interrupted", true);
    }
  }

  /**
   * Extra credit when the sender has used nearly all of its window (it is probably waiting for
   * this very update): doubles the window up to {@link TunnelProtocol#MAX_WINDOW}, as far as the
   * connection's budget allows. Caller holds the lock.
   */
  private int growth() {
    if (receiveWindow >= TunnelProtocol.MAX_WINDOW || receiveRemaining > receiveWindow / TunnelProtocol.WINDOW_UPDATE_DIVISOR) {
      return 0;
    }
    int extra = mux.reserveWindow(Math.min(receiveWindow, TunnelProtocol.MAX_WINDOW - receiveWindow));
    receiveWindow += extra;
    return extra;
  }

  private void finishIfDone() {
    boolean done;
    synchronized (lock) {
      done = localClosed && outputShut;
    }
    if (done && terminate()) {
      Log.debug("Stream closed", "stream", Integer.toUnsignedString(id), "target", target, "bytesIn", bytesIn, "bytesOut", bytesOut);
    }
  }

  private static void closeQuietly(Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // Closing is best effort; the socket is gone either way.
      }
    }
  }
}
