package io.agentkit.contract.keys;

import java.nio.file.Path;

/**
 * A key file that cannot be used, with what is wrong and how to fix it.
 *
 * <p>Messages name the file and the problem, never any part of the key: callers log them as they
 * are. No cause is attached when the cause could quote decoded key bytes.
 */
public final class KeyFileException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final String problem;
  private final String fix;

  public KeyFileException(String file, String problem, String fix) {
    super(file + " " + problem + (fix == null || fix.isEmpty() ? "" : "; " + fix));
    this.file = file;
    this.problem = problem;
    this.fix = fix;
  }

  public KeyFileException(Path file, String problem, String fix) {
    this(file.toString(), problem, fix);
  }

  /** The file (or source name) the problem is about. */
  public String file() {
    return file;
  }

  /** What is wrong, e.g. "is encrypted with a passphrase". */
  public String problem() {
    return problem;
  }

  /** How to fix it, e.g. "remove the passphrase with ...". */
  public String fix() {
    return fix;
  }
}
