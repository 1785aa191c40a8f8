package io.agentkit.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The custom resources the manifests may hold instead of a Secret (a Bitnami SealedSecret, an
 * External Secrets Operator ExternalSecret), checked as strictly as the built-in kinds: the
 * metadata binds to the Kubernetes model, the rest to a schema of the fields the controller reads
 * ({@code sealedsecret.schema.json}, {@code externalsecret.schema.json} beside this class).
 */
final class CustomResources {

  static final Map<String, String> SCHEMAS = Map.of(
      "bitnami.com/v1alpha1/SealedSecret", "sealedsecret.schema.json",
      "external-secrets.io/v1/ExternalSecret", "externalsecret.schema.json");

  /** Created on first use: asking {@link #handles} must not load Jackson's data binding. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private CustomResources() {}

  static boolean handles(String apiVersionAndKind) {
    return SCHEMAS.containsKey(apiVersionAndKind);
  }

  static GenericKubernetesResource validate(JsonNode tree, String apiVersionAndKind, String file, String object) throws InvalidOutputException {
    List<Error> errors = schema(SCHEMAS.get(apiVersionAndKind)).validate(tree);
    if (!errors.isEmpty()) {
      Error first = errors.get(0);
      String at = fieldPath(first.getInstanceLocation() == null ? "" : first.getInstanceLocation().toString());
      throw new InvalidOutputException(file, object, at.isEmpty() ? "document" : at, first.getMessage());
    }
    meta(tree.path("metadata"), "metadata", file, object);
    JsonNode templateMeta = tree.path("spec").path("template").get("metadata");
    if (templateMeta != null) {
      meta(templateMeta, "spec.template.metadata", file, object);
    }
    try {
      return Json.MAPPER.treeToValue(tree, GenericKubernetesResource.class);
    } catch (IOException e) {
      throw new InvalidOutputException(file, object, "document", e.getMessage());
    }
  }

  /** {@code /spec/data/0/remoteRef} (a JSON pointer) as the other validators write paths: {@code spec.data[0].remoteRef}. */
  static String fieldPath(String pointer) {
    StringBuilder out = new StringBuilder();
    for (String part : pointer.replaceFirst("^[$#]?/?", "").split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (part.matches("[0-9]+")) {
        out.append('[').append(part).append(']');
      } else {
        out.append(out.length() == 0 ? "" : ".").append(part.replace("~1", "/").replace("~0", "~"));
      }
    }
    return out.toString();
  }

  private static void meta(JsonNode node, String path, String file, String object) throws InvalidOutputException {
    try {
      StrictModel.convert(node, ObjectMeta.class, path);
    } catch (StrictModel.StrictModelException e) {
      throw new InvalidOutputException(file, object, e.path(), e.problem());
    }
  }

  private static Schema schema(String resource) {
    try (InputStream in = CustomResources.class.getResourceAsStream(resource)) {
      SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
          builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
      return registry.getSchema(Json.MAPPER.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
