package io.agentkit.core.chart;

import io.agentkit.core.GoalFailure;

/**
 * A chart cannot be packaged or published. {@code setting} names the goal setting at fault (e.g.
 * {@code chartDirectory}), so the Maven adapter can name the element and its {@code -D} form; it is
 * null when the problem lies in the chart's own files, which the message then names.
 */
public class ChartException extends GoalFailure {

  private static final long serialVersionUID = 1L;

  public ChartException(String setting, String problem, String fix) {
    super(setting, problem, fix);
  }
}
