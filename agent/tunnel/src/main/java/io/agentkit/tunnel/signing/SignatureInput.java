package io.agentkit.tunnel.signing;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code Signature-Input} member and its {@code Signature}, limited to what the tunnel
 * handshake uses: one label, an inner list of strings, integer and string parameters.
 */
public record SignatureInput(String label, List<String> components, Map<String, String> parameters, String rawParams, byte[] signature) {

  /** A header that cannot be what the handshake requires. */
  public static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public FormatException(String message) {
      super(message);
    }
  }

  public static SignatureInput parse(String inputHeader, String signatureHeader) throws FormatException {
    if (inputHeader == null || signatureHeader == null) {
      throw new FormatException("missing " + (inputHeader == null ? HandshakeSignature.INPUT_HEADER : HandshakeSignature.SIGNATURE_HEADER) + " header");
    }
    String input = inputHeader.trim();
    int eq = input.indexOf('=');
    if (eq <= 0) {
      throw new FormatException("Signature-Input is not label=(components);params");
    }
    String label = input.substring(0, eq);
    String raw = input.substring(eq + 1);
    if (!raw.startsWith("(")) {
      throw new FormatException("Signature-Input has no component list");
    }
    int close = raw.indexOf(')');
    if (close < 0) {
      throw new FormatException("Signature-Input component list is not closed");
    }
    List<String> components = new ArrayList<>();
    for (String item : raw.substring(1, close).trim().split(" +")) {
      if (item.isEmpty()) {
        continue;
      }
      if (item.length() < 2 || !item.startsWith("\"") || !item.endsWith("\"")) {
        throw new FormatException("Signature-Input component " + item + " is not a quoted string");
      }
      components.add(item.substring(1, item.length() - 1));
    }
    Map<String, String> params = new HashMap<>();
    String rest = raw.substring(close + 1);
    while (!rest.isEmpty()) {
      if (!rest.startsWith(";")) {
        throw new FormatException("Signature-Input parameters must start with ';'");
      }
      rest = rest.substring(1);
      int e = rest.indexOf('=');
      if (e <= 0) {
        throw new FormatException("Signature-Input parameter without value");
      }
      String key = rest.substring(0, e);
      rest = rest.substring(e + 1);
      String value;
      if (rest.startsWith("\"")) {
        int end = rest.indexOf('"', 1);
        if (end < 0) {
          throw new FormatException("Signature-Input parameter " + key + " has an unterminated string");
        }
        value = rest.substring(1, end);
        rest = rest.substring(end + 1);
      } else {
        int end = rest.indexOf(';');
        value = end < 0 ? rest : rest.substring(0, end);
        rest = end < 0 ? "" : rest.substring(end);
      }
      params.put(key, value);
    }
    return new SignatureInput(label, List.copyOf(components), Map.copyOf(params), raw, signatureBytes(signatureHeader.trim(), label));
  }

  private static byte[] signatureBytes(String header, String label) throws FormatException {
    String prefix = label + "=:";
    if (!header.startsWith(prefix) || !header.endsWith(":") || header.length() <= prefix.length()) {
      throw new FormatException("Signature header is not " + label + "=:<base64>:");
    }
    try {
      return Base64.getDecoder().decode(header.substring(prefix.length(), header.length() - 1));
    } catch (IllegalArgumentException e) {
      throw new FormatException("Signature header is not valid base64");
    }
  }

  public String parameter(String name) {
    return parameters.get(name);
  }
}
