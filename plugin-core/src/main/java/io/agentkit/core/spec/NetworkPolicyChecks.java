package io.agentkit.core.spec;

import static io.agentkit.core.settings.Settings.*;

import io.agentkit.core.settings.Purpose;
import io.agentkit.core.settings.SettingValues;
import io.agentkit.core.settings.SpecReader;
import java.util.List;

/** The NetworkPolicy allows egress only to the allowed targets, so it needs them. */
final class NetworkPolicyChecks implements SpecCheck {

  @Override
  public void check(SettingValues v, SpecReader r, Purpose purpose, List<String> notes) {
    List<String> targets = v.get(ALLOWED_TARGETS);
    if (Boolean.TRUE.equals(v.get(NETWORK_POLICY)) && (targets == null || targets.isEmpty())) {
      r.problem(NETWORK_POLICY.path(), "needs allowedTargets: the policy allows egress only to DNS, the tunnel and the allowed targets",
          "set allowedTargets (e.g. 10.0.0.0/8:5432), or '*' to allow any target");
    }
  }
}
