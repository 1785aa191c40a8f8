package io.agentkit.it.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.agentkit.core.validate.KubernetesValidator;
import io.agentkit.core.validate.StrictModel;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Multi-document YAML as objects, and the strict Fabric8 binding the plugin uses for its own output. */
final class Manifests {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Map<String, Class<?>> KINDS = Map.of(
      "v1/Namespace", Namespace.class,
      "v1/ConfigMap", ConfigMap.class,
      "v1/Secret", Secret.class,
      "v1/ServiceAccount", ServiceAccount.class,
      "apps/v1/Deployment", Deployment.class,
      "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
      "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

  private Manifests() {}

  static List<JsonNode> parse(String yaml) throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  /** Every object binds strictly: no unknown field, no wrong type. */
  static void validateStrictly(String yaml) throws Exception {
    for (JsonNode doc : parse(yaml)) {
      String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
      Class<?> type = KINDS.get(key);
      if (key.equals("bitnami.com/v1alpha1/SealedSecret") || key.equals("external-secrets.io/v1/ExternalSecret")) {
        // The plugin's own strict check of these custom resources (metadata by the Kubernetes model, the rest by schema).
        KubernetesValidator.validate(YAML.writeValueAsString(doc), "helm template");
        continue;
      }
      if (type == null) {
        throw new AssertionError("unexpected kind " + key);
      }
      try {
        StrictModel.convert(doc, type, "");
      } catch (StrictModel.StrictModelException e) {
        throw new AssertionError(key + " " + doc.path("metadata").path("name").asText() + ": " + e.getMessage(), e);
      }
    }
  }
}
