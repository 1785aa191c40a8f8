package io.agentkit.core.validate;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Strict conversion of YAML trees into Fabric8 model classes, as {@code kubectl --validate=strict}
 * would judge them: unknown fields and wrong scalar types are errors with their field path.
 *
 * <p>Fabric8 classes swallow unknown fields into {@code additionalProperties} instead of failing,
 * so after binding we walk the object graph and report any field that landed there.
 */
public final class StrictModel {

  private static final ObjectMapper MAPPER = createMapper();

  private StrictModel() {}

  /** Thrown with the path of the offending field, e.g. {@code spec.template.spec.containers[0].imagePullPolcy}. */
  public static final class StrictModelException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final String problem;

    StrictModelException(String path, String problem) {
      super((path.isEmpty() ? "" : path + ": ") + problem);
      this.path = path;
      this.problem = problem;
    }

    public String path() {
      return path;
    }

    public String problem() {
      return problem;
    }
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses one YAML document into a tree; duplicate keys are errors. */
  public static JsonNode readYaml(String yaml) throws StrictModelException {
    try {
      JsonNode node = MAPPER.readTree(yaml);
      if (node == null || node.isMissingNode() || node.isNull()) {
        throw new StrictModelException("", "the document is empty");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw notYaml(e);
    }
  }

  /** A parse failure as both readers ({@link #readYaml}, {@link StrictYamlReader#read}) report it. */
  static StrictModelException notYaml(com.fasterxml.jackson.core.JsonProcessingException e) {
    String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    return new StrictModelException("", "is not valid YAML" + where + ": " + e.getOriginalMessage());
  }

  /** Binds a tree (JsonNode, or plain maps and lists) to {@code type}, failing on unknown fields and wrong types. */
  public static <T> T convert(Object tree, Class<T> type, String pathPrefix) throws StrictModelException {
    JsonNode node = tree instanceof JsonNode j ? j : MAPPER.valueToTree(tree);
    T value;
    try {
      value = MAPPER.treeToValue(node, type);
    } catch (JsonMappingException e) {
      throw new StrictModelException(join(pathPrefix, pathOf(e.getPath())), describe(e));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new StrictModelException(pathPrefix, e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      // Fabric8's own deserializers (Quantity, IntOrString) throw these for malformed values.
      throw new StrictModelException(pathPrefix, e.getMessage());
    }
    checkNoUnknownFields(value, pathPrefix);
    return value;
  }

  private static void checkNoUnknownFields(Object value, String path) throws StrictModelException {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> c) {
      int i = 0;
      for (Object item : c) {
        checkNoUnknownFields(item, path + "[" + i++ + "]");
      }
      return;
    }
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        checkNoUnknownFields(e.getValue(), join(path, String.valueOf(e.getKey())));
      }
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    Map<?, ?> extra = additionalProperties(value);
    if (extra != null && !extra.isEmpty()) {
      String field = String.valueOf(extra.keySet().iterator().next());
      throw new StrictModelException(join(path, field), "unknown field \"" + field + "\" in " + value.getClass().getSimpleName());
    }
    BeanDescription bean = MAPPER.getSerializationConfig().introspect(MAPPER.constructType(value.getClass()));
    for (BeanPropertyDefinition p : bean.findProperties()) {
      AnnotatedMember accessor = p.getAccessor();
      if (accessor == null || p.getName().equals("additionalProperties")) {
        continue;
      }
      Object child;
      try {
        child = accessor.getValue(value);
      } catch (IllegalArgumentException e) {
        continue;
      }
      checkNoUnknownFields(child, join(path, p.getName()));
    }
  }

  private static Map<?, ?> additionalProperties(Object value) {
    try {
      Method m = value.getClass().getMethod("getAdditionalProperties");
      Object extra = m.invoke(value);
      return extra instanceof Map<?, ?> map ? map : null;
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private static String describe(JsonMappingException e) {
    if (e instanceof InvalidFormatException f) {
      return "wrong type: expected " + typeName(f.getTargetType()) + ", got " + shapeOf(f.getValue());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return "wrong type: expected " + typeName(m.getTargetType());
    }
    return e.getOriginalMessage();
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || type.getName().startsWith("io.fabric8.")) {
      return "an object (" + type.getSimpleName() + ")";
    }
    return type.getSimpleName();
  }

  /** The kind of value, never the value itself: it may be part of a Secret. */
  private static String shapeOf(Object value) {
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    return value == null ? "null" : "a " + value.getClass().getSimpleName();
  }

  static String pathOf(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      } else if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      }
    }
    return sb.toString();
  }

  static String join(String prefix, String rest) {
    if (prefix == null || prefix.isEmpty()) {
      return rest;
    }
    if (rest.isEmpty()) {
      return prefix;
    }
    return rest.startsWith("[") ? prefix + rest : prefix + "." + rest;
  }

  private static ObjectMapper createMapper() {
    ObjectMapper m = YAMLMapper.builder(StrictYamlReader.newFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
    // Kubernetes rejects a number where a string belongs (ConfigMap data, env values) and vice versa.
    for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
      m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return m;
  }
}
