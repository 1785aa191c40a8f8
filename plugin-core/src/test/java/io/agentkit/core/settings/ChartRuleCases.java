package io.agentkit.core.settings;

import java.util.List;
import java.util.Map;

/**
 * The checks the chart's {@code _helpers.tpl} makes when Helm installs it, beside the plugin's own.
 * A shared rule is one the plugin's settings rules also make: the same mistake, written once as plugin
 * settings and once as Helm values, must fail both ways (ChartContractTest for the plugin side,
 * it/chart's HelmChartIT with the real helm). Chart-only rules concern what only exists at install
 * time: the key passed to Helm.
 */
public final class ChartRuleCases {

  /**
   * @param settings plugin settings (besides an agent id) that break the rule
   * @param setting the setting the plugin's error names
   * @param helmSets {@code --set} arguments that break it at install time (besides a key source when none is given)
   * @param chartMessage what the chart's failure says
   */
  public record Shared(String name, Map<String, Object> settings, String setting, List<String> helmSets, String chartMessage) {
    @Override
    public String toString() {
      return name;
    }
  }

  public static final List<Shared> SHARED = List.of(
      new Shared("no organization", Map.of(), "organizations", List.of("humanitec.existingSecret=s"), "humanitec.org is required"),
      new Shared("fixed connection id with replicas", Map.of("organizations", "o", "connectionId", "edge-1", "replicas", 3), "connectionId",
          List.of("humanitec.org=o", "humanitec.existingSecret=s", "connectionId=edge-1", "connectionIdFromPodName=false", "replicaCount=3"),
          "is a fixed id shared by"),
      new Shared("fixed connection id and pod name", Map.of("organizations", "o", "connectionId", "edge-1", "connectionIdFromPodName", true), "connectionId",
          List.of("humanitec.org=o", "humanitec.existingSecret=s", "connectionId=edge-1"), "connectionId is set together with connectionIdFromPodName=true"),
      new Shared("extraEnv redefines a variable", Map.of("organizations", "o", "extraEnv", Map.of("LOG_LEVEL", "DEBUG")), "extraEnv",
          List.of("humanitec.org=o", "humanitec.existingSecret=s", "extraEnv.LOG_LEVEL=DEBUG"), "redefines a variable the chart sets"),
      new Shared("selector label as pod label", Map.of("organizations", "o", "podLabels", Map.of("app.kubernetes.io/instance", "x")), "podLabels",
          List.of("humanitec.org=o", "humanitec.existingSecret=s", "podLabels.app\\.kubernetes\\.io/instance=x"), "would change the Deployment's selector"),
      new Shared("network policy without allowed targets", Map.of("organizations", "o", "networkPolicy", true), "networkPolicy",
          List.of("humanitec.org=o", "humanitec.existingSecret=s", "networkPolicy.enabled=true"), "needs allowedTargets"),
      new Shared("extra volume named like the key's", Map.of("organizations", "o", "extraVolumes", "[{name: agentmount, emptyDir: {}}]"), "extraVolumes",
          List.of("humanitec.org=o", "humanitec.existingSecret=s", "extraVolumes[0].name=agentmount", "extraVolumes[0].emptyDir.medium=Memory"),
          "the name of the key's volume"),
      new Shared("existing secret with another secret format", Map.of("organizations", "o", "existingSecret", "s", "secretFormat", "external-secret",
          "externalSecret.store", "vault", "externalSecret.remoteKey", "agents/a"), "secretFormat",
          List.of("humanitec.org=o", "humanitec.existingSecret=s", "humanitec.secretFormat=external-secret", "humanitec.externalSecret.store=vault",
              "humanitec.externalSecret.remoteKey=agents/a"), "humanitec.existingSecret is set together with humanitec.secretFormat="),
      new Shared("external secret without store", Map.of("organizations", "o", "secretFormat", "external-secret", "externalSecret.remoteKey", "agents/a"),
          "externalSecret.store", List.of("humanitec.org=o", "humanitec.secretFormat=external-secret", "humanitec.externalSecret.remoteKey=agents/a"),
          "humanitec.externalSecret.store is required for secretFormat external-secret"),
      new Shared("external secret without remote key", Map.of("organizations", "o", "secretFormat", "external-secret", "externalSecret.store", "vault"),
          "externalSecret.remoteKey", List.of("humanitec.org=o", "humanitec.secretFormat=external-secret", "humanitec.externalSecret.store=vault"),
          "humanitec.externalSecret.remoteKey is required for secretFormat external-secret"));

  /** Install-time checks of the key Helm is given, by message; the plugin checks key files instead (KeyPairFiles). */
  public static final Map<String, String> CHART_ONLY = Map.of(
      "humanitec.privateKey and humanitec.existingSecret are both set", "two key sources at install time",
      "the agent needs its private key", "no key source at install time",
      "humanitec.privateKey is not a PEM private key", "the key value passed to Helm",
      "humanitec.privateKey is encrypted", "the key value passed to Helm",
      "humanitec.privateKey is set, but humanitec.secretFormat=", "a plain key passed to Helm where the format never uses one",
      "humanitec.sealedSecret.encryptedKey is required", "the sealed key is per agent: render-manifests writes it into helm-values.yaml",
      "humanitec.sealedSecret.encryptedKey was sealed for", "where the sealed key may be installed is only known at install time");

  private ChartRuleCases() {}
}
