package io.agentkit.maven;

import io.agentkit.core.settings.Setting;
import java.util.List;
import java.util.Map;

/** Writes a setting's example as plugin configuration XML, the way a user writes it in a POM. */
final class PomXml {

  /** Criterion fields for the Agent API's criteria keys. */
  private static final Map<String, String> CRITERION_FIELDS =
      Map.of("env_type", "envType", "env_id", "envId", "app_id", "appId", "res_id", "resId", "class", "resourceClass");

  private PomXml() {}

  static String element(Setting<?> s) {
    String name = s.parameter();
    Object example = s.example();
    StringBuilder body = new StringBuilder();
    switch (s.kind()) {
      case LIST -> ((List<?>) example).forEach(item -> body.append("<item>").append(escape(item)).append("</item>"));
      case MAP -> ((Map<?, ?>) example).forEach((k, v) -> body.append('<').append(k).append('>').append(escape(v)).append("</").append(k).append('>'));
      case PROPERTIES -> ((Map<?, ?>) example).forEach((k, v) ->
          body.append("<property><name>").append(escape(k)).append("</name><value>").append(escape(v)).append("</value></property>"));
      case CRITERIA -> ((List<?>) example).forEach(rule -> {
        body.append("<criterion>");
        ((Map<?, ?>) rule).forEach((k, v) -> body.append('<').append(CRITERION_FIELDS.get(k)).append('>').append(escape(v))
            .append("</").append(CRITERION_FIELDS.get(k)).append('>'));
        body.append("</criterion>");
      });
      default -> body.append(escape(example));
    }
    return "<" + name + ">" + body + "</" + name + ">";
  }

  static String project(String configuration) {
    return """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>io.agentkit.test</groupId>
          <artifactId>every-setting</artifactId>
          <version>1.0</version>
          <packaging>pom</packaging>
          <build>
            <plugins>
              <plugin>
                <groupId>io.agentkit</groupId>
                <artifactId>humanitec-agent-maven-plugin</artifactId>
                <configuration>
        %s        </configuration>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(configuration);
  }

  private static String escape(Object value) {
    return String.valueOf(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
