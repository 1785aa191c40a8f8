package io.agentkit.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;

/**
 * Validates rendered Kubernetes objects by strict binding into the Fabric8 model, the closest we get
 * to {@code kubectl apply --validate=strict} without a cluster.
 */
public final class KubernetesValidator {

  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "v1/Namespace", Namespace.class,
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "v1/ServiceAccount", ServiceAccount.class,
          "apps/v1/Deployment", Deployment.class);

  private KubernetesValidator() {}

  /**
   * @param yaml one document
   * @param file the output file it will be written to, for messages
   */
  public static HasMetadata validate(String yaml, String file) throws InvalidOutputException {
    JsonNode tree;
    try {
      tree = StrictModel.readYaml(yaml);
    } catch (StrictModel.StrictModelException e) {
      throw new InvalidOutputException(file, "document", e.path(), e.problem());
    }
    String apiVersion = tree.path("apiVersion").asText("");
    String kind = tree.path("kind").asText("");
    String name = tree.path("metadata").path("name").asText("");
    String object = (kind.isEmpty() ? "object" : kind) + (name.isEmpty() ? "" : " " + name);
    Class<? extends HasMetadata> type = KINDS.get(apiVersion + "/" + kind);
    if (type == null && !CustomResources.handles(apiVersion + "/" + kind)) {
      java.util.Set<String> known = new java.util.TreeSet<>(KINDS.keySet());
      known.addAll(CustomResources.SCHEMAS.keySet());
      throw new InvalidOutputException(file, object, "apiVersion", "'" + apiVersion + "' " + kind + " is not a kind these manifests may contain ("
          + String.join(", ", known) + ")");
    }
    if (name.isEmpty()) {
      throw new InvalidOutputException(file, object, "metadata.name", "is required");
    }
    if (type == null) {
      return CustomResources.validate(tree, apiVersion + "/" + kind, file, object);
    }
    try {
      return StrictModel.convert(tree, type, "");
    } catch (StrictModel.StrictModelException e) {
      throw new InvalidOutputException(file, object, e.path(), e.problem());
    }
  }
}
