package io.agentkit.agent;

/**
 * System properties the agent needs even when started without {@code agent-jvm.args} (from an IDE,
 * or as a library): set only when absent, so the args file stays the place to tune them.
 */
final class JvmDefaults {

  private JvmDefaults() {}

  static void apply() {
    // The JDK WebSocket client's 16 KiB read buffer caps receive near 300 MB/s.
    setIfAbsent("jdk.httpclient.bufsize", "262144");
    // Basic credentials from HTTPS_PROXY must be usable for CONNECT, which the JDK disables by default.
    setIfAbsent("jdk.http.auth.tunneling.disabledSchemes", "");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
