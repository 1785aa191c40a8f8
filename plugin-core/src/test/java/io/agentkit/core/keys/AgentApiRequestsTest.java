package io.agentkit.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentkit.core.Specs;
import io.agentkit.core.spec.AgentSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The request bodies are written by hand with Jackson's string escaper; these tests pin them byte for byte to what
 * the data-binding mapper wrote before (and what users' scripts may diff against), for awkward strings too.
 */
class AgentApiRequestsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .setDefaultPrettyPrinter(new DefaultPrettyPrinter().withSeparators(
          Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  private static String mapped(Map<String, String> body) throws Exception {
    return MAPPER.writeValueAsString(body) + "\n";
  }

  @Test
  void registerBodyHasTheApiFieldOrderAndLayout() throws Exception {
    AgentSpec spec = Specs.spec("agentId", "my-agent", "organizations", List.of("org-a"), "description", "Agent \"one\"\tin\\prod");
    String pem = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("id", "my-agent");
    expected.put("public_key", pem);
    expected.put("description", "Agent \"one\"\tin\\prod");
    assertThat(AgentApiRequests.registerBody(spec, pem)).isEqualTo(mapped(expected)).startsWith("{\n  \"id\": \"my-agent\",\n");
  }

  @Test
  void escapingMatchesTheMapperForEveryCharacterClass() throws Exception {
    Random random = new Random(42);
    String alphabet = "aZ09 -_/\\\"'\n\r\t\b\f\u0000\u0001\u001f\u007f\u00e9\u20ac\u2028\u2029\ud83d\ude00<>&";
    for (int round = 0; round < 500; round++) {
      StringBuilder s = new StringBuilder();
      for (int i = random.nextInt(40); i > 0; i--) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThat(AgentApiRequests.linkKeyBody(s.toString())).isEqualTo(mapped(Map.of("public_key", s.toString())));
    }
  }
}
