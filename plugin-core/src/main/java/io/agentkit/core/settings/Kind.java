package io.agentkit.core.settings;

/**
 * How a setting is written: the Java type of its POM parameter, whether Maven binds its {@code -D}
 * property itself, and the command-line form the plugin parses when Maven cannot.
 */
public enum Kind {
  /** A single value. */
  TEXT("String", null),
  /** true or false. */
  FLAG("Boolean", null),
  /** A number, kept as text in the POM so that a typo gets the plugin's message rather than Maven's. */
  NUMBER("String", null),
  /** A list; on the command line comma-separated. */
  LIST("List<String>", null),
  /** Names to values, as POM elements ({@code <NAME>value</NAME>}). */
  MAP("Map<String, String>", "NAME=value,NAME2=value2"),
  /** Keys to values as {@code <property>} entries, for keys that cannot be XML element names (with a slash). */
  PROPERTIES("Properties", "key=value,key2=value2"),
  /** YAML, as in a Kubernetes Pod spec. */
  YAML("String", null),
  /** A file, relative to the project. */
  FILE("File", null),
  /** Matching rules of the resource definition. */
  CRITERIA("List<Criterion>", "env_type=development,res_id=agent;env_type=staging");

  private final String javaType;
  private final String commandLineForm;

  Kind(String javaType, String commandLineForm) {
    this.javaType = javaType;
    this.commandLineForm = commandLineForm;
  }

  /** The Java type of the POM parameter. */
  public String javaType() {
    return javaType;
  }

  /** Whether Maven binds the {@code -D} property itself; otherwise the plugin parses {@link #commandLineForm()}. */
  public boolean mavenBindsProperty() {
    return commandLineForm == null;
  }

  /** The {@code -D} value format the plugin parses, or null when Maven binds the property. */
  public String commandLineForm() {
    return commandLineForm;
  }
}
