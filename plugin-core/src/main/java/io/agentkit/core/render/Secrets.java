package io.agentkit.core.render;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The forms a key can take in our outputs, for redaction. */
final class Secrets {

  private Secrets() {}

  static List<String> of(byte[] pem) {
    String text = new String(pem, StandardCharsets.US_ASCII);
    String body = String.join("", text.lines().filter(l -> !l.startsWith("-----") && !l.contains(":")).toList());
    return List.of(TemplateModels.base64(pem), text, body);
  }
}
