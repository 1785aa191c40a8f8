package io.agentkit.core.validate;

/**
 * Rendered output that fails validation, naming the output file, the object and the field path.
 * Nothing has been written when this is thrown.
 */
public final class InvalidOutputException extends Exception {

  private static final long serialVersionUID = 1L;

  public InvalidOutputException(String file, String object, String path, String problem) {
    super(file + ", " + object + (path == null || path.isEmpty() ? "" : ", field " + path) + ": " + problem);
  }
}
