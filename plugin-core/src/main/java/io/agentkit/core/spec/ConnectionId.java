package io.agentkit.core.spec;

/** How each replica's {@code CONNECTION_ID} is set. */
public sealed interface ConnectionId {

  /** The pod's name, through the downward API: unique per replica (the guide's default). */
  record PodName() implements ConnectionId {}

  /** The same value for every replica. */
  record Fixed(String value) implements ConnectionId {}

  /** Not set; the agent reports an empty connection id. */
  record None() implements ConnectionId {}
}
