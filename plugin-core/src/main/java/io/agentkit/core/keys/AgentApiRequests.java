package io.agentkit.core.keys;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.agentkit.core.io.AtomicFiles;
import io.agentkit.core.io.FileMode;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.spec.AgentSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Agent API request bodies for registering an agent and linking a key, written as files so the
 * guide's {@code jq -sR} step disappears, and the commands that send them.
 */
public final class AgentApiRequests {

  public static final String API_URL = "https://api.humanitec.io";
  public static final String REGISTER_FILE = "register-agent.json";
  public static final String LINK_KEY_FILE = "link-key.json";
  public static final String DIRECTORY = "agent-api";

  private AgentApiRequests() {}

  /** Where the two bodies were written. */
  public record Files(Path register, Path linkKey) {}

  /** {@code {"id", "public_key", "description"}} in the API's field order. */
  public static String registerBody(AgentSpec spec, String publicKeyPem) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("id", spec.agentId());
    body.put("public_key", publicKeyPem);
    body.put("description", spec.get(Settings.DESCRIPTION));
    return json(body);
  }

  /** {@code {"public_key"}}. */
  public static String linkKeyBody(String publicKeyPem) {
    return json(Map.of("public_key", publicKeyPem));
  }

  public static Files write(AgentSpec spec, String publicKeyPem, Path agentOutputDirectory) throws IOException {
    Path dir = agentOutputDirectory.resolve(DIRECTORY);
    Path register = dir.resolve(REGISTER_FILE);
    Path link = dir.resolve(LINK_KEY_FILE);
    AtomicFiles.writeReplacing(register, registerBody(spec, publicKeyPem).getBytes(StandardCharsets.UTF_8), FileMode.PUBLIC);
    AtomicFiles.writeReplacing(link, linkKeyBody(publicKeyPem).getBytes(StandardCharsets.UTF_8), FileMode.PUBLIC);
    return new Files(register, link);
  }

  /** One {@code humctl} command per organization, as the guide writes them. */
  public static List<String> registerCommands(AgentSpec spec, Path registerFile) {
    return spec.organizations().stream()
        .map(org -> "humctl api post /orgs/" + org + "/agents -d \"$(cat " + registerFile + ")\"")
        .toList();
  }

  public static List<String> linkKeyCommands(AgentSpec spec, Path linkFile) {
    return spec.organizations().stream()
        .map(org -> "humctl api post /orgs/" + org + "/agents/" + spec.agentId() + "/keys -d \"$(cat " + linkFile + ")\"")
        .toList();
  }

  public static List<String> unlinkKeyCommands(AgentSpec spec, String fingerprint) {
    return spec.organizations().stream()
        .map(org -> "humctl api delete /orgs/" + org + "/agents/" + spec.agentId() + "/keys/" + fingerprint)
        .toList();
  }

  /**
   * Pretty-printed as {@code {\n  "key": "value"\n}}, the layout these files have always had. A flat object of strings
   * is written by hand with Jackson's string escaper: with its factory, generator and pretty printer, generate-keys (in
   * every build) loaded 72 classes more when it runs alone (8 more beside the render goals, which read YAML with
   * Jackson). The test holds the bytes to the mapper's. The line breaks are the platform's, as the pretty printer's were.
   */
  private static String json(Map<String, String> body) {
    String nl = System.lineSeparator();
    StringBuilder out = new StringBuilder("{");
    String separator = nl;
    for (Map.Entry<String, String> field : body.entrySet()) {
      out.append(separator).append("  ");
      quoted(out, field.getKey()).append(": ");
      if (field.getValue() == null) {
        out.append("null");
      } else {
        quoted(out, field.getValue());
      }
      separator = "," + nl;
    }
    return out.append(nl).append("}\n").toString();
  }

  private static StringBuilder quoted(StringBuilder out, String s) {
    return out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
  }
}
