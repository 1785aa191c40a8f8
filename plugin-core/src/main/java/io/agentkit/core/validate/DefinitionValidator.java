package io.agentkit.core.validate;

import io.agentkit.core.yaml.YamlTree;
import java.util.Set;

/** Validates a Humanitec resource definition of type agent. */
public final class DefinitionValidator {

  private static final Set<String> CRITERIA_KEYS = Set.of("env_type", "env_id", "app_id", "res_id", "class");

  private DefinitionValidator() {}

  public static void validate(String yaml, String file) throws InvalidOutputException {
    YamlTree root;
    try {
      root = StrictYamlReader.read(yaml);
    } catch (StrictModel.StrictModelException e) {
      throw new InvalidOutputException(file, "Definition", e.path(), e.problem());
    }
    TreeChecks c = new TreeChecks(file, "Definition " + root.path("metadata").path("id").asText("?"));
    c.onlyFields(root, "", Set.of("apiVersion", "kind", "metadata", "entity"));
    c.equalsText(root, "apiVersion", "apiVersion", "entity.humanitec.io/v1b1");
    c.equalsText(root, "kind", "kind", "Definition");
    c.text(c.object(root, "metadata", "metadata"), "id", "metadata.id");
    YamlTree entity = c.object(root, "entity", "entity");
    c.onlyFields(entity, "entity", Set.of("type", "name", "driver_type", "driver_inputs", "criteria", "driver_account", "provision"));
    c.equalsText(entity, "type", "entity.type", "agent");
    c.text(entity, "name", "entity.name");
    c.equalsText(entity, "driver_type", "entity.driver_type", "humanitec/agent");
    YamlTree values = c.object(c.object(entity, "driver_inputs", "entity.driver_inputs"), "values", "entity.driver_inputs.values");
    c.text(values, "id", "entity.driver_inputs.values.id");
    if (entity.has("criteria")) {
      YamlTree criteria = c.list(entity, "criteria", "entity.criteria", false);
      for (int i = 0; i < criteria.size(); i++) {
        String at = "entity.criteria[" + i + "]";
        if (!criteria.get(i).isObject() || criteria.get(i).isEmpty()) {
          throw c.fail(at, "must be a non-empty mapping");
        }
        c.onlyFields(criteria.get(i), at, CRITERIA_KEYS);
        var names = criteria.get(i).fieldNames();
        while (names.hasNext()) {
          String k = names.next();
          c.text(criteria.get(i), k, at + "." + k);
        }
      }
    }
  }
}
