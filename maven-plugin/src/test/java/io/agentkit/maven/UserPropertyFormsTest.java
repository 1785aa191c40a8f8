package io.agentkit.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class UserPropertyFormsTest {

  @Test
  void commandLineMapsWinOverThePom() throws Exception {
    Properties p = new Properties();
    p.setProperty("humanitec-agent.nodeSelector", "kubernetes.io/os=linux, pool=agents");
    UserPropertyForms forms = new UserPropertyForms(p);
    assertThat(forms.map("nodeSelector", Map.of("from", "pom"))).containsExactly(Map.entry("kubernetes.io/os", "linux"), Map.entry("pool", "agents"));
    assertThat(forms.map("podLabels", Map.of("from", "pom"))).containsExactly(Map.entry("from", "pom"));
  }

  @Test
  void criteriaRulesAreSeparatedBySemicolons() throws Exception {
    Properties p = new Properties();
    p.setProperty("humanitec-agent.criteria", "env_type=development,res_id=agent;env_type=staging");
    assertThat(new UserPropertyForms(p).criteria(List.of()))
        .containsExactly(Map.of("env_type", "development", "res_id", "agent"), Map.of("env_type", "staging"));
  }

  @Test
  void malformedPairsNameThePropertyAndShowTheForm() {
    Properties p = new Properties();
    p.setProperty("humanitec-agent.extraEnv", "HTTPS_PROXY");
    assertThatThrownBy(() -> new UserPropertyForms(p).map("extraEnv", null))
        .hasMessage("-Dhumanitec-agent.extraEnv: 'HTTPS_PROXY' is not name=value; write e.g. -Dhumanitec-agent.extraEnv=key=value,key2=value2");
  }
}
