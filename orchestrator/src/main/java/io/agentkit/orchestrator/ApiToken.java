package io.agentkit.orchestrator;

import io.agentkit.contract.log.Log;
import io.agentkit.orchestrator.store.DataFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The Agent API's bearer token: given, or generated once into {@code <data-dir>/api-token} (mode 0600). */
final class ApiToken {

  /** Shortest token accepted: 32 characters, 128 bits as hex. */
  static final int MIN_LENGTH = 32;

  private ApiToken() {}

  static String load(OrchestratorConfig config) throws IOException {
    if (!config.token().isEmpty()) {
      return config.token();
    }
    Path file = config.dataDir().resolve("api-token");
    if (!Files.exists(file)) {
      byte[] b = new byte[32];
      new SecureRandom().nextBytes(b);
      try {
        DataFiles.createNew(file, (HexFormat.of().formatHex(b) + "\n").getBytes(StandardCharsets.US_ASCII));
        Log.info("Generated an API token", "file", file);
      } catch (FileAlreadyExistsException e) {
        // Another start created it first: use that one.
      }
    }
    String token = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).trim();
    if (token.length() < MIN_LENGTH || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IOException(file + " holds a token of " + token.length() + " characters; it must be at least " + MIN_LENGTH
          + " printable ones without spaces: delete the file to have a new one generated, or write a longer one (openssl rand -hex 32)");
    }
    Log.info("API token", "file", file);
    return token;
  }
}
