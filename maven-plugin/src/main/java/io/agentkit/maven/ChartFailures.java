package io.agentkit.maven;

import io.agentkit.core.chart.ChartException;

/** Chart and registry errors as the user configured them: the element, its -D form, the problem and the fix. */
final class ChartFailures {

  private ChartFailures() {}

  static String describe(ChartException e) {
    if (e.setting() == null) {
      return e.getMessage();
    }
    return Failures.describe(e.setting(), e.problem(), e.fix());
  }
}
