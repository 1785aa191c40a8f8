package io.agentkit.core.settings;

import java.util.Locale;
import java.util.regex.Pattern;

/** Naming rules of the Agent API and Kubernetes, with repairs to suggest. */
public final class Names {

  /** Agent API: lowercase letters and digits, single dashes between them, at least 2 characters. */
  public static final Pattern AGENT_ID = Pattern.compile("^[a-z0-9](?:-?[a-z0-9]+)+$");

  /** Organization ids: lowercase letters, digits and inner dashes. */
  public static final Pattern ORGANIZATION = Pattern.compile("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$");

  /** Humanitec resource definition ids. */
  public static final Pattern DEFINITION_ID = Pattern.compile("^[a-z0-9](?:-?[a-z0-9]+)*$");

  /** Kubernetes RFC 1123 label: namespaces, container names. */
  public static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$");

  /** Kubernetes RFC 1123 subdomain: Secret and other object names. */
  public static final Pattern DNS_SUBDOMAIN = Pattern.compile("^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$");

  /** Environment variable names (Kubernetes accepts more, but shells and the agent use these). */
  public static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

  /** Label values: up to 63 alphanumerics with inner {@code -_.}, or empty. */
  public static final Pattern LABEL_VALUE = Pattern.compile("^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$");

  private static final Pattern QUALIFIED_NAME = Pattern.compile("^[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");

  /** Keys inside a Secret's data. */
  public static final Pattern SECRET_KEY = Pattern.compile("^[-._a-zA-Z0-9]+$");

  /** Go durations as the External Secrets Operator reads them: {@code 1h}, {@code 30m}, {@code 1h30m}, or {@code 0}. */
  public static final Pattern DURATION = Pattern.compile("^(?:0|(?:[0-9]+(?:\\.[0-9]+)?(?:ns|us|ms|s|m|h))+)$");

  private Names() {}

  /** Label and annotation keys: optional DNS-subdomain prefix and a slash, then a name of up to 63. */
  public static boolean isQualifiedKey(String key) {
    int slash = key.lastIndexOf('/');
    if (slash < 0) {
      return QUALIFIED_NAME.matcher(key).matches();
    }
    String prefix = key.substring(0, slash);
    return DNS_SUBDOMAIN.matcher(prefix).matches() && QUALIFIED_NAME.matcher(key.substring(slash + 1)).matches();
  }

  /** A lowercase, dash-separated form of {@code raw} for "did you mean" hints, or null if none. */
  public static String repairId(String raw) {
    String repaired = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return repaired.length() >= 2 && AGENT_ID.matcher(repaired).matches() ? repaired : null;
  }
}
