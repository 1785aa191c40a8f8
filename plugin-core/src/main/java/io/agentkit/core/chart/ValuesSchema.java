package io.agentkit.core.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks a chart's default values against its {@code values.schema.json} before the archive is
 * written, so a broken default fails the build rather than every {@code helm install}. Like Helm,
 * schemas without {@code $schema} are read as draft-07. References are resolved inside the schema
 * only: a build does not fetch schemas from the network. package-chart comes here only when
 * {@link ValuesPrecheck} cannot vouch for the values, so this validator and Jackson's data binding
 * load only then.
 */
public final class ValuesSchema {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ValuesSchema() {}

  /**
   * @param valuesYaml values.yaml, already read once without error
   * @see #validate(byte[], JsonNode, String)
   */
  public static void validate(byte[] schemaJson, String valuesYaml, String chart) throws ChartException {
    JsonNode values;
    try {
      values = new YAMLMapper().readTree(valuesYaml);
    } catch (IOException e) {
      throw new IllegalStateException("values.yaml parsed once and not again", e);
    }
    validate(schemaJson, values == null || values.isMissingNode() || values.isNull() ? JSON.createObjectNode() : values, chart);
  }

  /**
   * @param schemaJson the schema, or null when the chart has none (then nothing is checked)
   * @throws ChartException listing every violation with its value path
   */
  public static void validate(byte[] schemaJson, JsonNode values, String chart) throws ChartException {
    if (schemaJson == null) {
      return;
    }
    JsonNode schemaNode;
    try {
      schemaNode = JSON.readTree(schemaJson);
    } catch (IOException e) {
      throw new ChartException(null, chart + ": " + ChartFiles.VALUES_SCHEMA + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), "fix the schema");
    }
    List<Error> errors;
    try {
      SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
          builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
      Schema schema = registry.getSchema(schemaNode);
      errors = schema.validate(values);
    } catch (RuntimeException e) {
      throw new ChartException(null, chart + ": " + ChartFiles.VALUES_SCHEMA + " cannot be used: " + e.getMessage(), "fix the schema");
    }
    if (!errors.isEmpty()) {
      String list = errors.stream().map(e -> "\n  - " + e.toString()).sorted().distinct().collect(Collectors.joining());
      throw new ChartException(null, "the chart's default values break " + ChartFiles.VALUES_SCHEMA + " of " + chart + ":" + list,
          "change the plugin configuration (or values.yaml) so that the values fit the schema");
    }
  }
}
