package io.agentkit.core.spec;

import static io.agentkit.core.settings.Settings.*;

import io.agentkit.core.settings.Purpose;
import io.agentkit.core.settings.Quantities;
import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.SettingValues;
import io.agentkit.core.settings.SpecReader;
import java.math.BigDecimal;
import java.util.List;

/** The Deployment as a whole: requests within limits, and how replicas tell themselves apart. */
final class WorkloadChecks implements SpecCheck {

  @Override
  public void check(SettingValues v, SpecReader r, Purpose purpose, List<String> notes) {
    requestWithinLimit(v, r, CPU_REQUEST, CPU_LIMIT);
    requestWithinLimit(v, r, MEMORY_REQUEST, MEMORY_LIMIT);
    String fixed = v.get(CONNECTION_ID);
    if (fixed != null) {
      if (v.isConfigured(CONNECTION_ID_FROM_POD_NAME) && Boolean.TRUE.equals(v.get(CONNECTION_ID_FROM_POD_NAME))) {
        r.problem(CONNECTION_ID.path(), "is set together with connectionIdFromPodName=true", "keep one: a fixed id, or the pod name");
      }
      Integer replicas = v.get(REPLICAS);
      if (replicas != null && replicas > 1) {
        r.problem(CONNECTION_ID.path(), "is a fixed id shared by " + replicas + " replicas; the orchestrator replaces a session when another connects with the same id",
            "remove it so each replica uses its pod name");
      }
    }
  }

  private static void requestWithinLimit(SettingValues v, SpecReader r, Setting<String> request, Setting<String> limit) {
    String req = v.get(request);
    String lim = v.get(limit);
    if (req == null || lim == null) {
      return;
    }
    BigDecimal reqAmount = Quantities.parse(req).orElse(null);
    BigDecimal limAmount = Quantities.parse(lim).orElse(null);
    if (reqAmount != null && limAmount != null && reqAmount.compareTo(limAmount) > 0) {
      r.problem(request.path(), "'" + req + "' is more than the limit '" + lim + "'; Kubernetes rejects such a Deployment", "lower the request or raise the limit");
    }
  }
}
