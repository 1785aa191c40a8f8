package io.agentkit.tunnel.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records each callback as a short string, so tests compare what was decoded, not how. */
final class RecordingListener implements FrameListener {

  final List<String> events = new ArrayList<>();

  @Override
  public void onOpen(int streamId, int window, String host, int port) {
    events.add("open " + streamId + " " + window + " " + host + ":" + port);
  }

  @Override
  public void onOpened(int streamId, int window) {
    events.add("opened " + streamId + " " + window);
  }

  @Override
  public void onOpenFailed(int streamId, Reason reason, String message) {
    events.add("open-failed " + streamId + " " + reason + " " + message);
  }

  @Override
  public void onData(int streamId, ByteBuffer data) {
    byte[] b = new byte[data.remaining()];
    data.get(b);
    events.add("data " + streamId + " " + new String(b, StandardCharsets.ISO_8859_1));
  }

  @Override
  public void onWindow(int streamId, int increment) {
    events.add("window " + streamId + " " + increment);
  }

  @Override
  public void onClose(int streamId) {
    events.add("close " + streamId);
  }

  @Override
  public void onReset(int streamId, Reason reason, String message) {
    events.add("reset " + streamId + " " + reason + " " + message);
  }

  @Override
  public void onDrain() {
    events.add("drain");
  }

  @Override
  public void onPing(long payload) {
    events.add("ping " + payload);
  }

  @Override
  public void onPong(long payload) {
    events.add("pong " + payload);
  }
}
