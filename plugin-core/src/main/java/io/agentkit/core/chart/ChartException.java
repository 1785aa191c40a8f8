package io.agentkit.core.chart;

/**
 * A chart cannot be packaged or published. {@code setting} names the goal setting at fault (e.g.
 * {@code chartDirectory}), so the Maven adapter can name the element and its {@code -D} form; it is
 * null when the problem lies in the chart's own files, which the message then names.
 */
public class ChartException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String setting;
  private final String problem;
  private final String fix;

  public ChartException(String setting, String problem, String fix) {
    super((setting == null ? "" : setting + ": ") + problem + (fix == null || fix.isEmpty() ? "" : "; " + fix));
    this.setting = setting;
    this.problem = problem;
    this.fix = fix;
  }

  /** The goal setting at fault, or null. */
  public String setting() {
    return setting;
  }

  public String problem() {
    return problem;
  }

  public String fix() {
    return fix;
  }
}
