package io.agentkit.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  private static Map<String, String> env(String... kv) {
    Map<String, String> m = new HashMap<>();
    m.put("ORGS", "my-org");
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void defaultsComeFromTheGuide() throws Exception {
    AgentConfig c = AgentConfig.fromEnv(env(), false);
    assertThat(c.orgs()).containsExactly("my-org");
    assertThat(c.privateKeyFile()).hasToString("/keys/private_key.pem");
    assertThat(c.tunnelUrl()).hasToString("wss://agent-01.humanitec.io/tunnel");
    assertThat(c.connectionId()).isEmpty();
    assertThat(c.allowlist().allowsAny()).isTrue();
    assertThat(c.proxy()).isNull();
    assertThat(c.shutdownGraceSeconds()).isEqualTo(25);
  }

  @Test
  void orgsAreTrimmedAndDeduplicated() throws Exception {
    assertThat(AgentConfig.fromEnv(env("ORGS", " a , b,a"), false).orgsHeader()).isEqualTo("a,b");
  }

  @Test
  void eachBadValueNamesItsVariable() {
    assertThatThrownBy(() -> AgentConfig.fromEnv(Map.of(), false)).hasMessageStartingWith("ORGS is not set");
    assertThatThrownBy(() -> AgentConfig.fromEnv(env("ORGS", "a,,b"), false)).hasMessageStartingWith("ORGS 'a,,b' has an empty organization id");
    assertThatThrownBy(() -> AgentConfig.fromEnv(env("PRIVATE_KEY_FILE", "keys/k.pem"), false)).hasMessageStartingWith("PRIVATE_KEY_FILE is 'keys/k.pem', not an absolute path");
    assertThatThrownBy(() -> AgentConfig.fromEnv(env("CONNECTION_ID", "has space"), false)).hasMessageStartingWith("CONNECTION_ID must be");
    assertThatThrownBy(() -> AgentConfig.fromEnv(env("TUNNEL_URL", "https://x/tunnel"), false)).hasMessageStartingWith("TUNNEL_URL must use wss://");
    assertThatThrownBy(() -> AgentConfig.fromEnv(env("TUNNEL_CA_BUNDLE", "/nonexistent.pem"), false)).hasMessageStartingWith("TUNNEL_CA_BUNDLE = /nonexistent.pem does not exist");
    assertThatThrownBy(() -> AgentConfig.fromEnv(env("SHUTDOWN_GRACE_SECONDS", "-1"), false)).hasMessageStartingWith("SHUTDOWN_GRACE_SECONDS is '-1'");
    assertThatThrownBy(() -> AgentConfig.fromEnv(env("LOG_LEVEL", "TRACE"), false)).hasMessageEndingWith("use DEBUG, the most detailed level");
    assertThatThrownBy(() -> AgentConfig.fromEnv(env("PRIVATE_KEY_FILE", "/nonexistent/key.pem"), true))
        .hasMessageStartingWith("PRIVATE_KEY_FILE = /nonexistent/key.pem does not exist");
  }

  @Test
  void proxyFromEitherCaseWithoutLeakingThePassword() throws Exception {
    ProxyConfig p = AgentConfig.fromEnv(env("https_proxy", "http://user:pa55@proxy.corp:3128", "NO_PROXY", ".internal,localhost"), false).proxy();
    assertThat(p.address().getHostString()).isEqualTo("proxy.corp");
    assertThat(p.address().getPort()).isEqualTo(3128);
    assertThat(p.user()).isEqualTo("user");
    assertThat(p).hasToString("http://user:***@proxy.corp:3128");
    assertThat(p.bypasses("api.internal")).isTrue();
    assertThat(p.bypasses("agent-01.humanitec.io")).isFalse();
    assertThatThrownBy(() -> AgentConfig.fromEnv(env("HTTPS_PROXY", "socks5://user:pa55@p:1080"), false))
        .hasMessageStartingWith("HTTPS_PROXY is not an http://").hasMessageNotContaining("pa55");
  }
}
