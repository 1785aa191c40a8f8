package io.agentkit.core.spec;

import static io.agentkit.core.settings.Settings.*;

import io.agentkit.core.settings.ObjectNames;
import io.agentkit.core.settings.Purpose;
import io.agentkit.core.settings.SettingValues;
import io.agentkit.core.settings.SpecReader;
import java.util.List;
import java.util.Map;

/** The pod and its Secret: labels that would change the selector, and a Secret key without a Secret. */
final class PodChecks implements SpecCheck {

  /** The Deployment's selector; immutable once applied, so users cannot set these as pod labels. */
  static final List<String> SELECTOR_LABELS = List.of(ObjectNames.NAME_LABEL, ObjectNames.INSTANCE_LABEL);

  @Override
  public void check(SettingValues v, SpecReader r, Purpose purpose, List<String> notes) {
    Map<String, String> podLabels = v.get(POD_LABELS);
    if (podLabels != null) {
      for (String k : podLabels.keySet()) {
        if (SELECTOR_LABELS.contains(k)) {
          r.problem(POD_LABELS.path(), k + " is a selector label the Deployment sets itself", "remove it; the instance name comes from the 'name' setting");
        }
      }
    }
    if (v.get(EXISTING_SECRET) == null && v.isConfigured(EXISTING_SECRET_KEY)) {
      r.problem(EXISTING_SECRET_KEY.path(), "only applies together with existingSecret", "set existingSecret, or remove existingSecretKey");
    }
  }
}
