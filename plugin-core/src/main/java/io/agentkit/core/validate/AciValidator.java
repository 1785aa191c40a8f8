package io.agentkit.core.validate;

import io.agentkit.core.yaml.YamlTree;
import java.util.Set;

/**
 * Validates an Azure container group file against the parts of the 2019-12-01 schema the agent
 * uses; there is no Java model to bind it to.
 */
public final class AciValidator {

  private static final Set<String> TOP = Set.of("apiVersion", "location", "type", "name", "properties", "tags", "identity", "zones");
  private static final Set<String> GROUP = Set.of("containers", "osType", "restartPolicy", "volumes", "imageRegistryCredentials",
      "ipAddress", "diagnostics", "subnetIds", "dnsConfig", "sku", "encryptionProperties", "initContainers");
  private static final Set<String> CONTAINER = Set.of("image", "environmentVariables", "resources", "volumeMounts", "command", "ports", "livenessProbe", "readinessProbe");
  private static final Set<String> VOLUME = Set.of("name", "secret", "emptyDir", "azureFile", "gitRepo");

  private AciValidator() {}

  public static void validate(String yaml, String file) throws InvalidOutputException {
    YamlTree root;
    try {
      root = StrictYamlReader.read(yaml);
    } catch (StrictModel.StrictModelException e) {
      throw new InvalidOutputException(file, "container group", e.path(), e.problem());
    }
    TreeChecks c = new TreeChecks(file, "container group " + root.path("name").asText("?"));
    c.onlyFields(root, "", TOP);
    c.equalsText(root, "apiVersion", "apiVersion", "2019-12-01");
    c.text(root, "location", "location");
    c.equalsText(root, "type", "type", "Microsoft.ContainerInstance/containerGroups");
    c.text(root, "name", "name");
    YamlTree props = c.object(root, "properties", "properties");
    c.onlyFields(props, "properties", GROUP);
    c.oneOf(props, "osType", "properties.osType", Set.of("Linux", "Windows"));
    c.oneOf(props, "restartPolicy", "properties.restartPolicy", Set.of("Always", "OnFailure", "Never"));
    YamlTree containers = c.list(props, "containers", "properties.containers", true);
    for (int i = 0; i < containers.size(); i++) {
      String at = "properties.containers[" + i + "]";
      YamlTree container = containers.get(i);
      c.text(container, "name", at + ".name");
      YamlTree cp = c.object(container, "properties", at + ".properties");
      c.onlyFields(cp, at + ".properties", CONTAINER);
      c.text(cp, "image", at + ".properties.image");
      YamlTree requests = c.object(c.object(cp, "resources", at + ".properties.resources"), "requests", at + ".properties.resources.requests");
      c.positiveNumber(requests, "cpu", at + ".properties.resources.requests.cpu");
      c.positiveNumber(requests, "memoryInGB", at + ".properties.resources.requests.memoryInGB");
      if (cp.has("environmentVariables")) {
        YamlTree env = c.list(cp, "environmentVariables", at + ".properties.environmentVariables", false);
        for (int j = 0; j < env.size(); j++) {
          String e = at + ".properties.environmentVariables[" + j + "]";
          c.onlyFields(env.get(j), e, Set.of("name", "value", "secureValue"));
          c.text(env.get(j), "name", e + ".name");
          if (!env.get(j).path("value").isTextual() && !env.get(j).path("secureValue").isTextual()) {
            throw c.fail(e + ".value", "must be a string");
          }
        }
      }
    }
    if (props.has("volumes")) {
      YamlTree volumes = c.list(props, "volumes", "properties.volumes", false);
      for (int i = 0; i < volumes.size(); i++) {
        String at = "properties.volumes[" + i + "]";
        c.onlyFields(volumes.get(i), at, VOLUME);
        c.text(volumes.get(i), "name", at + ".name");
        YamlTree secret = volumes.get(i).get("secret");
        if (secret != null) {
          var fields = secret.fields();
          while (fields.hasNext()) {
            var f = fields.next();
            if (!f.getValue().isTextual()) {
              throw c.fail(at + ".secret." + f.getKey(), "must be a base64 string");
            }
          }
        }
      }
    }
  }
}
