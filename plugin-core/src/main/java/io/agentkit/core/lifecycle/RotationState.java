package io.agentkit.core.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentkit.core.io.AtomicFiles;
import io.agentkit.core.io.FileMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a key rotation stands, kept beside the agent's keys ({@code <keysDirectory>/<agent>/rotation.json})
 * so that rotate-keys can be run again after any failure and continues where it stopped. When the
 * rotation completes, the final state moves into the retired pair's folder as its record.
 *
 * @param phase {@link Phase}
 * @param oldFingerprint the key being replaced
 * @param newFingerprint the new key; null until the new pair exists
 * @param retiredDirectory folder name of the old pair, beside the current one; null until it exists
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RotationState(
    String agent, Phase phase, String oldFingerprint, String newFingerprint, String retiredDirectory, List<String> organizations, String startedAt,
    String completedAt) {

  public static final String FILE = "rotation.json";

  /** The steps of a rotation, in order. */
  public enum Phase {
    /** About to move the old pair aside and write the new one. */
    GENERATING,
    /** The new pair exists; the new key is being linked in every organization. */
    LINKING,
    /** Both keys are linked and the outputs hold the new key: waiting for the rollout. */
    ROLLING_OUT,
    /** The old key is unlinked everywhere; its pair is retired. */
    COMPLETE
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  RotationState with(Phase p) {
    return new RotationState(agent, p, oldFingerprint, newFingerprint, retiredDirectory, organizations, startedAt, completedAt);
  }

  RotationState withNewPair(String fingerprint, String retired) {
    return new RotationState(agent, Phase.LINKING, oldFingerprint, fingerprint, retired, organizations, startedAt, completedAt);
  }

  RotationState completed(String at) {
    return new RotationState(agent, Phase.COMPLETE, oldFingerprint, newFingerprint, retiredDirectory, organizations, startedAt, at);
  }

  /** The state in {@code agentKeys}, or null when no rotation is under way. */
  static RotationState read(Path agentKeys) throws LifecycleException {
    Path file = agentKeys.resolve(FILE);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      RotationState s = JSON.readValue(file.toFile(), RotationState.class);
      if (s == null || s.phase() == null || s.oldFingerprint() == null || s.phase() != Phase.GENERATING && (s.newFingerprint() == null || s.retiredDirectory() == null)) {
        throw new IOException("incomplete");
      }
      return s;
    } catch (JacksonException e) {
      throw damaged(file);
    } catch (IOException e) {
      throw damaged(file);
    }
  }

  void write(Path dir) throws IOException {
    AtomicFiles.writeReplacing(dir.resolve(FILE), JSON.writeValueAsBytes(this), FileMode.PUBLIC);
  }

  private static LifecycleException damaged(Path file) {
    return new LifecycleException(null, file + " is not a rotation state this plugin wrote (damaged or edited)",
        "restore it from a backup, or move it away if no rotation is under way (check with humanitec-agent:agents)");
  }
}
