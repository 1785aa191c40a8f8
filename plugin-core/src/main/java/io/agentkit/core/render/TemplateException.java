package io.agentkit.core.render;

/** A template that does not parse or fails while rendering, named with its source and line. */
public final class TemplateException extends Exception {

  private static final long serialVersionUID = 1L;

  public TemplateException(String message) {
    super(message);
  }
}
