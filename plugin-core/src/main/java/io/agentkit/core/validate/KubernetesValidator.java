package io.agentkit.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentkit.core.yaml.YamlTree;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;

/**
 * Validates rendered Kubernetes objects by strict binding into the Fabric8 model, the closest we get
 * to {@code kubectl apply --validate=strict} without a cluster.
 */
public final class KubernetesValidator {

  /** The kinds manifests may contain, by apiVersion/kind. */
  private static final java.util.Set<String> KIND_NAMES = java.util.Set.of(
      "v1/Namespace", "v1/ConfigMap", "v1/Secret", "v1/ServiceAccount", "apps/v1/Deployment", "networking.k8s.io/v1/NetworkPolicy");

  /** Their model classes, loaded only when a document is bound strictly. */
  private static final class Models {
    static final Map<String, Class<? extends HasMetadata>> KINDS =
        Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "apps/v1/Deployment", Deployment.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);
  }

  private KubernetesValidator() {}

  /**
   * @param yaml one document
   * @param file the output file it will be written to, for messages
   */
  public static HasMetadata validate(String yaml, String file) throws InvalidOutputException {
    validateStructure(yaml, file);
    JsonNode tree;
    try {
      tree = StrictModel.readYaml(yaml);
    } catch (StrictModel.StrictModelException e) {
      throw new InvalidOutputException(file, "document", e.path(), e.problem());
    }
    String kind = tree.path("kind").asText("");
    String name = tree.path("metadata").path("name").asText("");
    String object = kind + " " + name;
    String apiVersionAndKind = tree.path("apiVersion").asText("") + "/" + kind;
    if (CustomResources.handles(apiVersionAndKind)) {
      return CustomResources.validate(tree, apiVersionAndKind, file, object);
    }
    try {
      return StrictModel.convert(tree, Models.KINDS.get(tree.path("apiVersion").asText("") + "/" + kind), "");
    } catch (StrictModel.StrictModelException e) {
      throw new InvalidOutputException(file, object, e.path(), e.problem());
    }
  }

  /**
   * Parses one document and checks it is an object these manifests may contain, with a name, without
   * binding it to the model. It reads with {@link YamlTree}, so Jackson's data binding and the JSON
   * schema validator load only for the custom resources (SealedSecret, ExternalSecret), which are
   * checked in full here.
   */
  public static void validateStructure(String yaml, String file) throws InvalidOutputException {
    YamlTree tree;
    try {
      tree = StrictYamlReader.read(yaml);
    } catch (StrictModel.StrictModelException e) {
      throw new InvalidOutputException(file, "document", e.path(), e.problem());
    }
    String apiVersion = tree.path("apiVersion").asText("");
    String kind = tree.path("kind").asText("");
    String name = tree.path("metadata").path("name").asText("");
    String object = (kind.isEmpty() ? "object" : kind) + (name.isEmpty() ? "" : " " + name);
    if (!KIND_NAMES.contains(apiVersion + "/" + kind) && !CustomResources.handles(apiVersion + "/" + kind)) {
      java.util.Set<String> known = new java.util.TreeSet<>(KIND_NAMES);
      known.addAll(CustomResources.SCHEMAS.keySet());
      throw new InvalidOutputException(file, object, "apiVersion", "'" + apiVersion + "' " + kind + " is not a kind these manifests may contain ("
          + String.join(", ", known) + ")");
    }
    if (name.isEmpty()) {
      throw new InvalidOutputException(file, object, "metadata.name", "is required");
    }
    if (CustomResources.handles(apiVersion + "/" + kind)) {
      // SealedSecret and ExternalSecret are checked in full on either path: they are small and carry the key's delivery.
      try {
        CustomResources.validate(StrictModel.readYaml(yaml), apiVersion + "/" + kind, file, object);
      } catch (StrictModel.StrictModelException e) {
        throw new InvalidOutputException(file, "document", e.path(), e.problem());
      }
    }
  }
}
