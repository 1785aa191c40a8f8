package io.agentkit.core.render;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes secrets from text that may reach a log: a template or validation error can quote the value
 * it failed on, whole or in part, and that value may be the key.
 */
final class Redactor {

  /** Runs this long that also occur in a secret are redacted; shorter ones are too common to matter. */
  private static final int WINDOW = 20;
  private static final String MARK = "[REDACTED]";

  private final List<String> secrets;
  /** Every window of every secret; built on the first message, as most renders produce none. */
  private Set<String> windows;

  Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  private Set<String> windows() {
    if (windows == null) {
      windows = new HashSet<>();
      for (String s : secrets) {
        if (s == null) {
          continue;
        }
        for (int i = 0; i + WINDOW <= s.length(); i++) {
          windows.add(s.substring(i, i + WINDOW));
        }
      }
    }
    return windows;
  }

  String redact(String text) {
    if (text == null || text.length() < WINDOW) {
      return text;
    }
    Set<String> windows = windows();
    if (windows.isEmpty()) {
      return text;
    }
    boolean[] secret = new boolean[text.length()];
    boolean any = false;
    for (int i = 0; i + WINDOW <= text.length(); i++) {
      if (windows.contains(text.substring(i, i + WINDOW))) {
        java.util.Arrays.fill(secret, i, i + WINDOW, true);
        any = true;
      }
    }
    if (!any) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      if (!secret[i]) {
        out.append(text.charAt(i));
      } else if (i == 0 || !secret[i - 1]) {
        out.append(MARK);
      }
    }
    return out.toString();
  }
}
