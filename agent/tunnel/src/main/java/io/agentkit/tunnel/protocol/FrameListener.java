package io.agentkit.tunnel.protocol;

import java.nio.ByteBuffer;

/** Receives the frames {@link FrameReader} decodes, one call per frame. */
public interface FrameListener {

  void onOpen(int streamId, int window, String host, int port) throws ProtocolException;

  void onOpened(int streamId, int window) throws ProtocolException;

  void onOpenFailed(int streamId, Reason reason, String message) throws ProtocolException;

  /**
   * {@code data} is valid during the call only: transports read every message into one reused
   * buffer, so a receiver copies what it keeps (into a buffer no larger than the stream's window).
   */
  void onData(int streamId, ByteBuffer data) throws ProtocolException;

  void onWindow(int streamId, int increment) throws ProtocolException;

  void onClose(int streamId) throws ProtocolException;

  void onReset(int streamId, Reason reason, String message) throws ProtocolException;

  void onDrain() throws ProtocolException;

  void onPing(long payload) throws ProtocolException;

  void onPong(long payload) throws ProtocolException;
}
