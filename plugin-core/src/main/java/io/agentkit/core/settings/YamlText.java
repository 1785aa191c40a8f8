package io.agentkit.core.settings;

import java.util.List;

/**
 * Repairs YAML written inside a POM element. Maven trims configuration values, so a block such as
 * <pre>
 *   &lt;tolerations&gt;
 *     - key: dedicated
 *       operator: Exists
 *   &lt;/tolerations&gt;
 * </pre>
 * arrives with its first line unindented and the rest indented, which is invalid YAML.
 */
final class YamlText {

  private YamlText() {}

  /** Whether the first line lost its indentation while later lines kept theirs. */
  static boolean lostFirstIndent(String text) {
    List<String> lines = text.lines().toList();
    return lines.size() > 1 && !lines.get(0).isBlank() && indentOf(lines.get(0)) == 0 && minIndentAfterFirst(lines) > 0;
  }

  /**
   * For a trimmed block sequence (the common case: a list of tolerations), restores the first item's
   * indentation from the next item, or from its own continuation lines. Other text is returned as is:
   * a mapping's first-line indentation cannot be recovered without guessing.
   */
  static String restoreTrimmedIndent(String text) {
    if (!lostFirstIndent(text)) {
      return text;
    }
    List<String> lines = text.lines().toList();
    String first = lines.get(0);
    if (!first.startsWith("- ")) {
      return text;
    }
    int itemIndent = lines.stream().skip(1).filter(l -> l.stripLeading().startsWith("- ")).mapToInt(YamlText::indentOf).min()
        .orElse(Math.max(0, minIndentAfterFirst(lines) - 2));
    StringBuilder sb = new StringBuilder(" ".repeat(itemIndent)).append(first);
    lines.stream().skip(1).forEach(l -> sb.append('\n').append(l));
    return sb.toString();
  }

  private static int minIndentAfterFirst(List<String> lines) {
    return lines.stream().skip(1).filter(l -> !l.isBlank()).mapToInt(YamlText::indentOf).min().orElse(0);
  }

  private static int indentOf(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }
}
