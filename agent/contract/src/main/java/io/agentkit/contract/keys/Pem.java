package io.agentkit.contract.keys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** PEM armour (RFC 7468), including the RFC 1421 headers OpenSSL writes on legacy encrypted keys. */
public final class Pem {

  /** One {@code -----BEGIN label-----} block. */
  public record Block(String label, Map<String, String> headers, byte[] der) {
    @Override
    public String toString() {
      // Never print the contents: a block may be a private key.
      return "PEM block " + label + " (" + der.length + " bytes)";
    }
  }

  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";
  private static final int LINE = 64;

  private Pem() {}

  /**
   * All blocks in {@code text}. Text outside blocks (comments, "Bag Attributes") is ignored, as
   * OpenSSL does.
   *
   * @param source file name for messages
   */
  public static List<Block> parse(String text, String source) throws KeyFileException {
    List<Block> blocks = new ArrayList<>();
    String[] lines = text.replace("\r", "").split("\n", -1);
    int i = 0;
    while (i < lines.length) {
      String line = lines[i].strip();
      if (!line.startsWith(BEGIN) || !line.endsWith(DASHES)) {
        i++;
        continue;
      }
      String label = line.substring(BEGIN.length(), line.length() - DASHES.length());
      String end = END + label + DASHES;
      Map<String, String> headers = new LinkedHashMap<>();
      StringBuilder body = new StringBuilder();
      i++;
      boolean closed = false;
      while (i < lines.length) {
        String l = lines[i].strip();
        i++;
        if (l.equals(end)) {
          closed = true;
          break;
        }
        int colon = l.indexOf(':');
        if (colon > 0 && body.length() == 0) {
          headers.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
        } else {
          body.append(l);
        }
      }
      if (!closed) {
        throw new KeyFileException(
            source,
            "has a '" + BEGIN + label + DASHES + "' line without its matching END line (the file is truncated)",
            "copy the complete key file again");
      }
      byte[] der;
      try {
        der = Base64.getDecoder().decode(body.toString());
      } catch (IllegalArgumentException e) {
        // Deliberately no cause: the decoder's message can quote characters of the key.
        throw new KeyFileException(
            source,
            "has a " + label + " block whose body is not valid base64 (the file is damaged)",
            "copy the complete key file again");
      }
      blocks.add(new Block(label, Map.copyOf(headers), der));
    }
    return blocks;
  }

  public static List<Block> parse(byte[] text, String source) throws KeyFileException {
    return parse(new String(text, StandardCharsets.US_ASCII), source);
  }

  /** PEM text with 64-character lines and a trailing newline, as OpenSSL writes it. */
  public static String encode(String label, byte[] der) {
    String b64 = Base64.getEncoder().encodeToString(der);
    StringBuilder sb = new StringBuilder(b64.length() + b64.length() / LINE + 64);
    sb.append(BEGIN).append(label).append(DASHES).append('\n');
    for (int i = 0; i < b64.length(); i += LINE) {
      sb.append(b64, i, Math.min(b64.length(), i + LINE)).append('\n');
    }
    sb.append(END).append(label).append(DASHES).append('\n');
    return sb.toString();
  }
}
