package io.agentkit.contract.env;

import java.util.Arrays;

/**
 * IP addresses written as text, parsed without ever asking DNS (Java 17 has no
 * {@code InetAddress.ofLiteral}, and {@code getByName} falls back to a lookup for text it does not
 * take for a literal). IPv4 is four decimal parts of 0..255 without leading zeros, so {@code 010.1.1.1}
 * is never read as octal; IPv6 is RFC 4291 text ({@code ::} once, an IPv4 tail allowed), no zone.
 */
public final class AddressLiteral {

  private AddressLiteral() {}

  /** The 4 or 16 bytes of {@code text}, or null when it is not an address literal. */
  public static byte[] parse(String text) {
    return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
  }

  /** Whether {@code text} is written like an IPv4 address (four dot-separated numbers), valid or not. */
  static boolean looksLikeIpv4(String text) {
    return text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  /**
   * An IPv6 address that carries an IPv4 one (mapped {@code ::ffff:a.b.c.d}, or the deprecated
   * compatible {@code ::a.b.c.d}) as those four bytes, so {@code ::ffff:127.0.0.1} is loopback;
   * anything else unchanged.
   */
  public static byte[] unmapped(byte[] address) {
    if (address.length != 16) {
      return address;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return address;
      }
    }
    boolean mapped = address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    boolean compatible = address[10] == 0 && address[11] == 0 && (address[12] | address[13] | address[14]) != 0;
    return mapped || compatible ? Arrays.copyOfRange(address, 12, 16) : address;
  }

  private static byte[] ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] address = new byte[4];
    for (int i = 0; i < 4; i++) {
      int value = decimalOctet(parts[i]);
      if (value < 0) {
        return null;
      }
      address[i] = (byte) value;
    }
    return address;
  }

  private static int decimalOctet(String part) {
    if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 255 ? value : -1;
  }

  private static byte[] ipv6(String text) {
    if (text.length() > 45) {
      return null;
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    String head = gap < 0 ? text : text.substring(0, gap);
    String tail = gap < 0 ? "" : text.substring(gap + 2);
    int[] front = groups(head, gap < 0);
    int[] back = groups(tail, true);
    if (front == null || back == null) {
      return null;
    }
    int words = front.length + back.length;
    if (gap < 0 ? words != 8 : words > 7) {
      return null;
    }
    byte[] address = new byte[16];
    put(address, front, 0);
    put(address, back, 8 - back.length);
    return address;
  }

  /** The 16-bit groups of one side of {@code ::}; an IPv4 tail counts as two; null if malformed. */
  private static int[] groups(String side, boolean mayEndInIpv4) {
    if (side.isEmpty()) {
      return new int[0];
    }
    String[] parts = side.split(":", -1);
    int[] words = new int[parts.length + 1];
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (i == parts.length - 1 && mayEndInIpv4 && part.indexOf('.') >= 0) {
        byte[] v4 = ipv4(part);
        if (v4 == null) {
          return null;
        }
        words[n++] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
        words[n++] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
        continue;
      }
      if (part.isEmpty() || part.length() > 4) {
        return null;
      }
      int value = 0;
      for (int j = 0; j < part.length(); j++) {
        char c = part.charAt(j);
        // ASCII only: Character.digit would also take other scripts' digits.
        int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (digit < 0) {
          return null;
        }
        value = value << 4 | digit;
      }
      words[n++] = value;
    }
    return Arrays.copyOf(words, n);
  }

  private static void put(byte[] address, int[] words, int at) {
    for (int i = 0; i < words.length; i++) {
      address[2 * (at + i)] = (byte) (words[i] >>> 8);
      address[2 * (at + i) + 1] = (byte) words[i];
    }
  }
}
