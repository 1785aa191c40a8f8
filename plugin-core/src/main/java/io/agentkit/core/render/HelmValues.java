package io.agentkit.core.render;

import io.agentkit.core.secrets.SealedKey;
import io.agentkit.core.settings.SecretFormat;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.yaml.BlockYaml;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code helm-values.yaml}: the agent's chart values from the same configuration as its manifests
 * (the settings' chart mappings), plus the sealed key for secretFormat sealed-secret, so a GitOps
 * repository can install the published chart instead of the manifests. It never holds the private
 * key itself.
 */
final class HelmValues {

  private HelmValues() {}

  static String render(AgentSpec spec, SealedKey sealed, String manifestsFile) {
    Map<List<String>, Object> flat = new LinkedHashMap<>(ChartValues.of(spec));
    if (sealed != null) {
      flat.put(List.of("humanitec", "sealedSecret", "encryptedKey"), sealed.encryptedKey());
      flat.put(List.of("humanitec", "sealedSecret", "sealedFor"), sealed.scope());
    }
    Map<String, Object> nested = new LinkedHashMap<>();
    flat.forEach((path, value) -> put(nested, path, value));
    StringBuilder out = new StringBuilder();
    out.append("# Values of the humanitec-agent chart for agent ").append(spec.agentId()).append(", from the configuration of ").append(manifestsFile).append(".\n");
    String keyNote = switch (spec.rendersSecret() ? spec.secretFormat() : SecretFormat.EXTERNAL_SECRET) {
      case SECRET -> "# No private key here: pass it at install time with --set-file humanitec.privateKey=<private key file>.\n";
      case SEALED_SECRET -> "# The private key is sealed for the sealed-secrets controller (strict scope " + sealed.scope() + "): safe to commit.\n";
      case EXTERNAL_SECRET -> "# No key material: the key comes from " + (spec.rendersSecret() ? "the external store" : "Secret " + spec.secretName()) + ".\n";
    };
    out.append(keyNote);
    out.append("# Install with this release name and namespace, so that the objects get the same names:\n");
    out.append("#   helm upgrade --install ").append(spec.name()).append(" <chart> -n ").append(spec.namespace()).append(" -f helm-values.yaml")
        .append(spec.manifestsHoldKey() ? " --set-file humanitec.privateKey=<private key file>" : "").append('\n');
    // The values are mostly plain words: BlockYaml writes those with SnakeYAML's bytes without loading its emitter.
    String yaml = BlockYaml.dump(nested);
    out.append(yaml != null ? yaml : snakeYaml(nested));
    return out.toString();
  }

  static String snakeYaml(Map<String, Object> nested) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(Integer.MAX_VALUE);
    return new Yaml(options).dump(nested);
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> root, List<String> path, Object value) {
    Map<String, Object> m = root;
    for (int i = 0; i < path.size() - 1; i++) {
      m = (Map<String, Object>) m.computeIfAbsent(path.get(i), k -> new LinkedHashMap<String, Object>());
    }
    m.put(path.get(path.size() - 1), value);
  }
}
