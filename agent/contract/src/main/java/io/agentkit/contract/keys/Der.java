package io.agentkit.contract.keys;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/**
 * The little DER the key formats need: walk a structure's top-level children, and wrap a PKCS#1
 * key into PKCS#8. The JDK parses the keys themselves; this only tells the formats apart.
 */
final class Der {

  static final int INTEGER = 0x02;
  static final int BIT_STRING = 0x03;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OID = 0x06;
  static final int SEQUENCE = 0x30;

  /** One tag-length-value element inside a byte array. */
  record Element(int tag, byte[] source, int valueOffset, int valueLength) {
    int end() {
      return valueOffset + valueLength;
    }

    byte[] value() {
      byte[] v = new byte[valueLength];
      System.arraycopy(source, valueOffset, v, 0, valueLength);
      return v;
    }

    /** Reader over this element's children (for SEQUENCE). */
    Reader children() {
      return new Reader(source, valueOffset, end());
    }
  }

  /** Reads consecutive elements between two offsets. */
  static final class Reader {
    private final byte[] data;
    private int pos;
    private final int limit;

    Reader(byte[] data) {
      this(data, 0, data.length);
    }

    Reader(byte[] data, int from, int limit) {
      this.data = data;
      this.pos = from;
      this.limit = limit;
    }

    boolean hasNext() {
      return pos < limit;
    }

    /** The next element, or {@code null} when the bytes are not well-formed DER. */
    Element next() {
      if (pos + 2 > limit) {
        return null;
      }
      int tag = data[pos] & 0xff;
      int first = data[pos + 1] & 0xff;
      int cursor = pos + 2;
      long length;
      if (first < 0x80) {
        length = first;
      } else {
        int octets = first & 0x7f;
        if (octets == 0 || octets > 4 || cursor + octets > limit) {
          return null;
        }
        length = 0;
        for (int i = 0; i < octets; i++) {
          length = (length << 8) | (data[cursor++] & 0xff);
        }
      }
      if (length > limit - cursor) {
        return null;
      }
      Element e = new Element(tag, data, cursor, (int) length);
      pos = e.end();
      return e;
    }
  }

  private Der() {}

  /** Dotted form of an OBJECT IDENTIFIER value, e.g. "1.2.840.113549.1.1.1". */
  static String oidToString(byte[] value) {
    if (value.length == 0) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    int first = value[0] & 0xff;
    sb.append(Math.min(first / 40, 2)).append('.').append(first - 40 * Math.min(first / 40, 2));
    long acc = 0;
    for (int i = 1; i < value.length; i++) {
      acc = (acc << 7) | (value[i] & 0x7f);
      if ((value[i] & 0x80) == 0) {
        sb.append('.').append(acc);
        acc = 0;
      }
    }
    return sb.toString();
  }

  static byte[] encode(int tag, byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
    out.write(tag);
    if (length < 0x80) {
      out.write(length);
    } else {
      byte[] len = BigInteger.valueOf(length).toByteArray();
      int skip = len[0] == 0 ? 1 : 0;
      out.write(0x80 | (len.length - skip));
      out.write(len, skip, len.length - skip);
    }
    for (byte[] p : parts) {
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }
}
