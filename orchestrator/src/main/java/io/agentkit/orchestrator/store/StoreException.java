package io.agentkit.orchestrator.store;

/** A request the store refuses, with the Agent API status to answer. */
public final class StoreException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  public StoreException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
