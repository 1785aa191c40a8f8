package io.agentkit.tunnel.mux;

import java.nio.ByteBuffer;

/**
 * A stream's received bytes waiting for its socket: one array, grown as data arrives up to the
 * stream's window and dropped once drained, so an idle stream holds nothing and a peer sending
 * 1-byte frames costs one byte per byte. Not thread safe; the stream's lock guards it.
 */
final class ByteRing {

  private static final int MIN_CAPACITY = 1024;

  private byte[] buf;
  private int head;
  private int size;

  int size() {
    return size;
  }

  int capacity() {
    return buf == null ? 0 : buf.length;
  }

  /** Appends all of {@code data}; {@code limit} caps the capacity (the caller checked the window). */
  void append(ByteBuffer data, int limit) {
    int n = data.remaining();
    ensure(size + n, limit);
    int tail = (head + size) % buf.length;
    int first = Math.min(n, buf.length - tail);
    data.get(buf, tail, first);
    data.get(buf, 0, n - first);
    size += n;
  }

  /** The array holding the next contiguous bytes; valid with {@link #readOffset} and {@link #readable}. */
  byte[] array() {
    return buf;
  }

  int readOffset() {
    return head;
  }

  int readable() {
    return buf == null ? 0 : Math.min(size, buf.length - head);
  }

  void consume(int n) {
    if (n == 0) {
      return;
    }
    head = (head + n) % buf.length;
    size -= n;
    if (size == 0) {
      head = 0;
    }
  }

  /** Drops the array if empty; the next append allocates again. */
  void trim() {
    if (size == 0) {
      buf = null;
      head = 0;
    }
  }

  private void ensure(int needed, int limit) {
    if (buf != null && needed <= buf.length) {
      return;
    }
    int grown = Math.min(Math.max(limit, needed), Math.max(needed, Math.max(MIN_CAPACITY, buf == null ? 0 : buf.length * 2)));
    byte[] next = new byte[grown];
    if (buf != null) {
      int first = Math.min(size, buf.length - head);
      System.arraycopy(buf, head, next, 0, first);
      System.arraycopy(buf, 0, next, first, size - first);
    }
    buf = next;
    head = 0;
  }

  @Override
  public String toString() {
    return "ByteRing[" + size + "/" + capacity() + "]";
  }
}
