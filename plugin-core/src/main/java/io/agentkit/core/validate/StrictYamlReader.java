package io.agentkit.core.validate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.agentkit.core.yaml.YamlTree;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads rendered YAML into a {@link YamlTree} for the shape checks every render goal runs
 * (manifests, ACI, resource definition), with the same parser features as {@link StrictModel}'s
 * mapper, so scalars get the same types and duplicate keys and syntax errors the same messages; strict
 * binding to the Kubernetes model still uses {@link StrictModel}.
 */
final class StrictYamlReader {

  private static final YAMLFactory FACTORY = newFactory();

  private StrictYamlReader() {}

  /** The YAML reading features, shared with {@link StrictModel}'s mapper: duplicate keys are errors. */
  static YAMLFactory newFactory() {
    return YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  }

  /** Parses the first document, as {@code ObjectMapper.readTree} does; an empty or null document is an error. */
  static YamlTree read(String yaml) throws StrictModel.StrictModelException {
    try (JsonParser p = FACTORY.createParser(yaml)) {
      JsonToken first = p.nextToken();
      if (first == null || first == JsonToken.VALUE_NULL) {
        throw new StrictModel.StrictModelException("", "the document is empty");
      }
      return YamlTree.read(p);
    } catch (JsonProcessingException e) {
      throw StrictModel.notYaml(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
