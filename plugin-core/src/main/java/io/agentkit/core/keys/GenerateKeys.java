package io.agentkit.core.keys;

import io.agentkit.contract.keys.AgentPrivateKey;
import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.contract.keys.KeyPairCheck;
import io.agentkit.contract.keys.PrivateKeyReader;
import io.agentkit.contract.keys.PublicKeyReader;
import io.agentkit.core.BuildLog;
import io.agentkit.core.io.AtomicFiles;
import io.agentkit.core.io.FileMode;
import io.agentkit.core.spec.AgentSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code generate-keys} operation: make sure each agent has a valid key pair, never overwriting
 * or deleting one, and write the Agent API request bodies.
 */
public final class GenerateKeys {

  static final String GITIGNORE =
      "# Written by humanitec-agent:generate-keys. Private keys must never be committed:\n"
          + "# store them in your secret store and keep this directory out of version control.\n"
          + "*\n";

  private static final DateTimeFormatter RETIRED_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final KeyLocations locations;
  private final BuildLog log;

  public GenerateKeys(KeyLocations locations, BuildLog log) {
    this.locations = locations;
    this.log = log;
  }

  /** What happened to one agent's keys. */
  public enum Outcome {
    GENERATED,
    EXISTING_VALID,
    PUBLIC_KEY_DERIVED,
    ROTATED,
    USER_KEY_VALID
  }

  public record Result(
      AgentSpec spec, Outcome outcome, Path privateKey, Path publicKey, String fingerprint, String retiredFingerprint, Path retiredDirectory,
      AgentApiRequests.Files requests) {}

  /**
   * @param agentOutputDirectory where the request bodies go ({@code target/humanitec-agent/<id>})
   * @param rotate write a new pair and retire the current one
   */
  public Result run(AgentSpec spec, Path agentOutputDirectory, boolean rotate) throws KeyFileException, IOException {
    Path priv = locations.privateKey(spec);
    Path pub = locations.publicKey(spec);
    if (!locations.isManaged(spec)) {
      if (rotate) {
        throw new KeyFileException(priv, "is your own key (privateKeyPath), which generate-keys does not rotate",
            "generate the new pair yourself, or remove privateKeyPath to let generate-keys manage the keys");
      }
      AgentPrivateKey key = KeyPairFiles.load(priv, pub).key();
      return finish(spec, Outcome.USER_KEY_VALID, priv, pub, key, null, null, agentOutputDirectory);
    }
    prepareDirectories(spec.agentId());
    boolean hasPrivate = Files.exists(priv);
    boolean hasPublic = Files.exists(pub);
    if (!hasPrivate && hasPublic) {
      throw new KeyFileException(pub, "exists but its private key " + priv.getFileName() + " does not",
          "restore the private key from your secret store; or, if it is lost, unlink this public key from the Agent API, move "
              + pub.getFileName() + " away and run generate-keys again");
    }
    if (!hasPrivate) {
      AgentPrivateKey key = writeNewPair(priv, pub);
      return finish(spec, Outcome.GENERATED, priv, pub, key, null, null, agentOutputDirectory);
    }
    AgentPrivateKey current = PrivateKeyReader.read(priv);
    Outcome outcome = Outcome.EXISTING_VALID;
    if (hasPublic) {
      KeyPairCheck.requireMatch(current, PublicKeyReader.read(pub), pub.toString());
    } else {
      AtomicFiles.createNew(pub, current.publicKeyPem().getBytes(StandardCharsets.US_ASCII), FileMode.PUBLIC);
      outcome = Outcome.PUBLIC_KEY_DERIVED;
    }
    if (!rotate) {
      return finish(spec, outcome, priv, pub, current, null, null, agentOutputDirectory);
    }
    Path retired = retire(spec.agentId(), current, priv, pub);
    AgentPrivateKey fresh = writeNewPair(priv, pub);
    return finish(spec, Outcome.ROTATED, priv, pub, fresh, current.fingerprint(), retired, agentOutputDirectory);
  }

  /** What {@link #rotate} did: the old pair's fingerprint and where it is kept, and the new pair's fingerprint. */
  public record Rotation(String oldFingerprint, Path retiredDirectory, String newFingerprint) {}

  /**
   * Moves the current managed pair into a {@code retired-*} folder and writes a new one, without
   * {@link #run}'s report and request bodies: rotate-keys links, renders and reports by itself.
   *
   * @param goal the goal that rotates, for messages
   */
  public Rotation rotate(AgentSpec spec, String goal) throws KeyFileException, IOException {
    Path priv = locations.privateKey(spec);
    Path pub = locations.publicKey(spec);
    if (!locations.isManaged(spec)) {
      throw new KeyFileException(priv, "is your own key (privateKeyPath), which " + goal + " does not rotate",
          "generate the new pair yourself and link it with humanitec-agent:link-key, or remove privateKeyPath to let the plugin manage the keys");
    }
    if (!Files.exists(priv)) {
      throw new KeyFileException(priv, "does not exist: agent " + spec.agentId() + " has no key pair to rotate",
          "run humanitec-agent:generate-keys and humanitec-agent:register first");
    }
    AgentPrivateKey current = PrivateKeyReader.read(priv);
    if (Files.exists(pub)) {
      KeyPairCheck.requireMatch(current, PublicKeyReader.read(pub), pub.toString());
    } else {
      AtomicFiles.createNew(pub, current.publicKeyPem().getBytes(StandardCharsets.US_ASCII), FileMode.PUBLIC);
    }
    Path retired = retire(spec.agentId(), current, priv, pub);
    AgentPrivateKey fresh = writeNewPair(priv, pub);
    return new Rotation(current.fingerprint(), retired, fresh.fingerprint());
  }

  private void prepareDirectories(String agentId) throws IOException {
    Path keys = locations.keysDirectory();
    AtomicFiles.createDirectories(keys, true);
    Path gitignore = keys.resolve(".gitignore");
    if (!Files.exists(gitignore)) {
      try {
        AtomicFiles.createNew(gitignore, GITIGNORE.getBytes(StandardCharsets.UTF_8), FileMode.PUBLIC);
      } catch (FileAlreadyExistsException e) {
        // Another build wrote it first: same content, nothing to do.
      }
    }
    AtomicFiles.createDirectories(locations.agentDirectory(agentId), true);
  }

  private static AgentPrivateKey writeNewPair(Path priv, Path pub) throws IOException, KeyFileException {
    RsaKeyGenerator.PemPair pair = RsaKeyGenerator.generate();
    // Check what we are about to store with the same reader the agent uses.
    AgentPrivateKey key = PrivateKeyReader.parse(pair.privatePem(), priv.toString());
    AtomicFiles.createNew(priv, pair.privatePem(), FileMode.OWNER_ONLY);
    AtomicFiles.createNew(pub, pair.publicPem(), FileMode.PUBLIC);
    return key;
  }

  /** Moves the current pair into {@code retired-<time>-<fingerprint>/}: renamed, never copied or deleted. */
  private Path retire(String agentId, AgentPrivateKey current, Path priv, Path pub) throws IOException {
    String name = KeyLocations.RETIRED_PREFIX + RETIRED_STAMP.format(Instant.now()) + "-" + current.fingerprint().substring(0, 12);
    Path retired = locations.agentDirectory(agentId).resolve(name);
    Files.createDirectory(retired);
    if (AtomicFiles.isPosix(retired)) {
      Files.setPosixFilePermissions(retired, FileMode.ownerOnlyDirectory());
    }
    Files.move(priv, retired.resolve(priv.getFileName()));
    Files.move(pub, retired.resolve(pub.getFileName()));
    return retired;
  }

  private Result finish(AgentSpec spec, Outcome outcome, Path priv, Path pub, AgentPrivateKey key, String retiredFingerprint, Path retired, Path out)
      throws IOException {
    AgentApiRequests.Files requests = AgentApiRequests.write(spec, key.publicKeyPem(), out);
    Result result = new Result(spec, outcome, priv, pub, key.fingerprint(), retiredFingerprint, retired, requests);
    KeyReport.print(result, log);
    return result;
  }
}
