package io.agentkit.core.chart;

/**
 * Where a JSON Schema {@code pattern} means the same in Java's regular expressions and in ECMA-262,
 * the dialect the specification names, so that a Java match decides it whichever engine the schema
 * validator uses. Patterns are limited to a common core (classes, groups, alternation, greedy and lazy
 * quantifiers, anchors, the escapes below) and strings to ASCII without line breaks, where {@code .},
 * {@code $}, {@code \s} and case rules differ between the two. Anything else is not decided here.
 */
final class PortableRegex {

  /** Escapes both dialects read alike: metacharacters quoted, and the ASCII classes. */
  private static final String PORTABLE_ESCAPES = "\\.-/*+?()[]{}|^$sSdDwWtnrf";

  private PortableRegex() {}

  /** Whether matching {@code s} against a portable pattern gives the same answer in both dialects. */
  static boolean portableInput(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || c == '\n' || c == '\r') {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code pattern} is written in the common core of both dialects. */
  static boolean portablePattern(String pattern) {
    boolean inClass = false;
    char previous = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c >= 0x80) {
        return false;
      }
      if (c == '\\') {
        if (i + 1 >= pattern.length()) {
          return false;
        }
        char e = pattern.charAt(++i);
        if (e == 'x') {
          // \xHH: exactly two hex digits in both dialects.
          if (i + 2 >= pattern.length() || !isHex(pattern.charAt(i + 1)) || !isHex(pattern.charAt(i + 2))) {
            return false;
          }
          i += 2;
        } else if (PORTABLE_ESCAPES.indexOf(e) < 0) {
          return false;
        }
        previous = 'a';
        continue;
      }
      if (inClass) {
        // Java nests classes and intersects with &&; ECMA reads both literally.
        if (c == '[' || (c == '&' && previous == '&')) {
          return false;
        }
        if (c == ']') {
          inClass = false;
        }
        previous = c;
        continue;
      }
      switch (c) {
        case '[' -> {
          // An empty class ([] or [^]) means "nothing" or "anything" in ECMA; Java reads ] as a literal there.
          int next = i + 1 < pattern.length() && pattern.charAt(i + 1) == '^' ? i + 2 : i + 1;
          if (next >= pattern.length() || pattern.charAt(next) == ']') {
            return false;
          }
          inClass = true;
          i = next - 1;
        }
        case '(' -> {
          // Only plain and non-capturing groups: lookbehind, named groups and inline flags differ.
          if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '?'
              && !(i + 2 < pattern.length() && pattern.charAt(i + 2) == ':')) {
            return false;
          }
          if (i + 2 < pattern.length() && pattern.charAt(i + 1) == '?') {
            i += 2;
          }
        }
        case '{' -> {
          // A quantifier {n}, {n,} or {n,m}; ECMA would read any other brace literally, Java rejects it.
          int close = pattern.indexOf('}', i);
          if (close < 0 || !pattern.substring(i + 1, close).matches("[0-9]{1,5}(,[0-9]{0,5})?")) {
            return false;
          }
          i = close;
          c = '}';
        }
        case '+' -> {
          // Possessive quantifiers (a*+, a?+, a++, a{2}+) exist only in Java.
          if (previous == '*' || previous == '+' || previous == '?' || previous == '}') {
            return false;
          }
        }
        default -> {
          // literal, anchor, alternation, . * ?
        }
      }
      previous = c;
    }
    return !inClass;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
