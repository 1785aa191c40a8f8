package io.agentkit.core.spec;

import io.agentkit.core.settings.Purpose;
import io.agentkit.core.settings.SettingValues;
import io.agentkit.core.settings.SpecReader;
import java.util.List;

/** A check that involves several settings of one area. Single settings are checked by their own rule. */
interface SpecCheck {

  /**
   * Records a problem on {@code reader} for each violation, naming the setting to change.
   *
   * @param notes where to add what the user should know but need not fix (logged as warnings)
   */
  void check(SettingValues values, SpecReader reader, Purpose purpose, List<String> notes);
}
