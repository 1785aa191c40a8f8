package io.agentkit.it.lifecycle.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.agentkit.contract.keys.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** What the sample platform repository holds after its builds: managed keys, rendered manifests, the rotation state. */
public final class PlatformRepo {

  private final Path project;
  private final String agent;

  public PlatformRepo(Path project, String agent) {
    this.project = project;
    this.agent = agent;
  }

  public Path keys() {
    return project.resolve(".humanitec-agent/keys").resolve(agent);
  }

  public Path publicKey() {
    return keys().resolve("humanitec_agent_public_key.pem");
  }

  public Path privateKey() {
    return keys().resolve("humanitec_agent_private_key.pem");
  }

  public Path manifests() {
    return project.resolve("target/humanitec-agent").resolve(agent).resolve("manifests.yaml");
  }

  /** Fingerprint of the current public key, as the Agent API computes it. */
  public String fingerprint() throws Exception {
    return fingerprint(publicKey());
  }

  public static String fingerprint(Path publicKeyPem) throws Exception {
    byte[] der = Pem.parse(Files.readAllBytes(publicKeyPem), publicKeyPem.toString()).get(0).der();
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
  }

  /**
   * The key the rendered Secret holds, written like Kubernetes mounts it (mode 0600): what a pod
   * started from these manifests reads.
   */
  public Path keyFromRenderedSecret(Path mount) throws IOException {
    try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(manifests().toFile())) {
      while (docs.hasNext()) {
        JsonNode d = docs.next();
        if (d != null && d.path("kind").asText().equals("Secret")) {
          byte[] pem = Base64.getDecoder().decode(d.path("data").path("private_key").asText());
          Files.write(mount, pem);
          Files.setPosixFilePermissions(mount, PosixFilePermissions.fromString("rw-------"));
          return mount;
        }
      }
    }
    throw new AssertionError(manifests() + " holds no Secret");
  }

  /** The retired-* folders beside the current pair. */
  public List<Path> retired() throws IOException {
    try (Stream<Path> s = Files.list(keys())) {
      return s.filter(p -> p.getFileName().toString().startsWith("retired-")).sorted().toList();
    }
  }

  /** Every 64-character line of a PEM body: what must never appear in any output. */
  public static List<String> secretLines(Path pem) throws IOException {
    return Files.readString(pem, StandardCharsets.US_ASCII).lines().filter(l -> !l.startsWith("-----") && !l.isBlank()).toList();
  }
}
