package io.agentkit.core.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a chart's {@code .helmignore}, evaluated as {@code helm package} does: patterns are
 * globs ({@code *}, {@code ?}, {@code [..]}) without {@code **}; a pattern with a slash matches the
 * path from the chart root, one without matches the file name; a trailing slash matches directories
 * only; rules are tried in order and the first match decides. Helm's negation is kept as it is: a
 * {@code !pattern} rule ignores every path it does not match.
 */
public final class HelmIgnore {

  public static final String FILE_NAME = ".helmignore";

  /** Helm always leaves out dotfiles in templates/. */
  private static final String DEFAULT_RULE = "templates/.?*";

  private record Rule(String raw, Pattern glob, boolean negate, boolean directoryOnly, boolean wholePath) {}

  private final List<Rule> rules = new ArrayList<>();

  private HelmIgnore() {}

  /**
   * @param text the {@code .helmignore} content, or null when the chart has none
   * @throws ChartException for a rule helm would refuse
   */
  public static HelmIgnore parse(String text, String source) throws ChartException {
    HelmIgnore ignore = new HelmIgnore();
    if (text != null) {
      int lineNumber = 0;
      for (String line : text.split("\n", -1)) {
        lineNumber++;
        ignore.add(line, source + " line " + lineNumber);
      }
    }
    ignore.add(DEFAULT_RULE, "helm's default rules");
    return ignore;
  }

  /**
   * @param path relative to the chart root, with {@code /} separators
   * @param directory whether the path is a directory
   */
  public boolean ignores(String path, boolean directory) {
    if (path.isEmpty() || path.equals(".")) {
      return false;
    }
    for (Rule rule : rules) {
      if (rule.negate()) {
        if (rule.directoryOnly() && !directory) {
          return true;
        }
        if (!matches(rule, path)) {
          return true;
        }
        continue;
      }
      if (rule.directoryOnly() && !directory) {
        continue;
      }
      if (matches(rule, path)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(Rule rule, String path) {
    String subject = rule.wholePath() ? path : path.substring(path.lastIndexOf('/') + 1);
    return rule.glob().matcher(subject).matches();
  }

  private void add(String line, String where) throws ChartException {
    String rule = line.strip();
    if (rule.isEmpty() || rule.startsWith("#")) {
      return;
    }
    if (rule.contains("**")) {
      throw new ChartException(null, where + ": '" + rule + "' uses **, which helm does not support", "write a pattern per directory level, e.g. 'dir/*.bak'");
    }
    String raw = rule;
    boolean negate = rule.startsWith("!");
    if (negate) {
      rule = rule.substring(1);
    }
    boolean directoryOnly = rule.endsWith("/");
    if (directoryOnly) {
      rule = rule.substring(0, rule.length() - 1);
    }
    boolean anchored = rule.startsWith("/");
    if (anchored) {
      rule = rule.substring(1);
    }
    rules.add(new Rule(raw, glob(rule, where), negate, directoryOnly, anchored || rule.contains("/")));
  }

  /** Go's filepath.Match syntax as a regex: separators are never matched by wildcards. */
  private static Pattern glob(String pattern, String where) throws ChartException {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '\\' -> {
          if (++i >= pattern.length()) {
            throw new ChartException(null, where + ": '" + pattern + "' ends with a lone backslash", "escape it as \\\\ or remove it");
          }
          re.append(Pattern.quote(String.valueOf(pattern.charAt(i))));
        }
        case '[' -> {
          int end = pattern.indexOf(']', i + 2);
          if (end < 0) {
            throw new ChartException(null, where + ": '" + pattern + "' has an unclosed [", "close the character class with ]");
          }
          String body = pattern.substring(i + 1, end);
          boolean negated = body.startsWith("^");
          if (negated) {
            body = body.substring(1);
          }
          re.append('[').append(negated ? "^/" : "").append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
          i = end;
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
