package io.agentkit.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.Settings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The plugin descriptor Maven builds from the mojos (and their Javadoc) against the settings table
 * and the plugin's conventions: every setting is a parameter of every goal that works on agents, with
 * its {@code -D} property and {@code @since}; every parameter of every goal is documented, has a
 * {@code @since} and a {@code humanitec-agent.} property; push-chart takes no agent settings.
 */
class PluginDescriptorTest {

  static final List<String> AGENT_GOALS = List.of("generate-keys", "render-manifests", "render-aci", "render-definition", "package-chart",
      "register", "agents", "link-key", "unlink-key", "deregister", "rotate-keys");

  /** Goal name to its parameters (name to parameter element). */
  static Map<String, Map<String, Element>> goals = new LinkedHashMap<>();
  /** Goal name to its configuration expressions (parameter name to expression). */
  static Map<String, Map<String, String>> expressions = new LinkedHashMap<>();

  @BeforeAll
  static void read() throws Exception {
    Document plugin;
    try (InputStream in = PluginDescriptorTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
      plugin = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }
    NodeList mojos = plugin.getElementsByTagName("mojo");
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      String goal = text(mojo, "goal");
      Map<String, Element> params = new LinkedHashMap<>();
      NodeList ps = ((Element) mojo.getElementsByTagName("parameters").item(0)).getElementsByTagName("parameter");
      for (int j = 0; j < ps.getLength(); j++) {
        Element p = (Element) ps.item(j);
        params.put(text(p, "name"), p);
      }
      goals.put(goal, params);
      Map<String, String> expr = new LinkedHashMap<>();
      NodeList conf = ((Element) mojo.getElementsByTagName("configuration").item(0)).getChildNodes();
      for (int j = 0; j < conf.getLength(); j++) {
        if (conf.item(j) instanceof Element c) {
          expr.put(c.getTagName(), c.getTextContent());
        }
      }
      expressions.put(goal, expr);
    }
  }

  @Test
  void everySettingIsAParameterOfEveryAgentGoalWithItsPropertyAndSince() {
    for (String goal : AGENT_GOALS) {
      for (Setting<?> s : Settings.ALL) {
        Element p = goals.get(goal).get(s.parameter());
        assertThat(p).as(goal + " has parameter " + s.parameter()).isNotNull();
        assertThat(text(p, "since")).as(goal + " " + s.parameter() + " @since").isEqualTo(s.since());
        assertThat(text(p, "description")).as(goal + " " + s.parameter()).startsWith(firstSentence(s.doc()));
        if (s.kind().mavenBindsProperty()) {
          assertThat(expressions.get(goal).get(s.parameter())).as(goal + " " + s.parameter()).isEqualTo("${" + s.property() + "}");
        } else {
          assertThat(text(p, "description")).as(goal + " " + s.parameter() + " documents its command-line form").contains("-D" + s.property() + "=");
        }
      }
    }
  }

  @Test
  void everyGoalHasItsOwnSkipFlagBesideTheGlobalOne() {
    goals.keySet().stream().filter(g -> !g.equals("help")).forEach(goal -> {
      assertThat(expressions.get(goal)).as(goal).containsValue("${" + Settings.PROPERTY_PREFIX + goal + ".skip}")
          .containsValue("${" + Settings.PROPERTY_PREFIX + "skip}");
    });
  }

  @Test
  void pushChartTakesNoAgentSettings() {
    List<String> agentParameters = Settings.ALL.stream().map(Setting::parameter).toList();
    assertThat(goals.get("push-chart").keySet()).doesNotContainAnyElementsOf(agentParameters)
        .doesNotContain("specDirectory", "keysDirectory", "templateDirectory", "outputDirectory");
  }

  @Test
  void everyParameterIsDocumentedWithSinceAndAPluginProperty() {
    List<String> problems = new ArrayList<>();
    goals.forEach((goal, params) -> {
      if (goal.equals("help")) {
        return;
      }
      params.forEach((name, p) -> {
        if (!"true".equals(text(p, "editable"))) {
          return;
        }
        if (text(p, "description").isBlank()) {
          problems.add(goal + " " + name + ": no Javadoc");
        }
        if (text(p, "since").isBlank()) {
          problems.add(goal + " " + name + ": no @since");
        }
        String expression = expressions.get(goal).get(name);
        boolean commandLineForm = text(p, "description").contains("-D" + Settings.PROPERTY_PREFIX + name + "=");
        if (!commandLineForm && (expression == null || !expression.startsWith("${" + Settings.PROPERTY_PREFIX))) {
          problems.add(goal + " " + name + ": no humanitec-agent.* property (" + expression + ")");
        }
      });
    });
    assertThat(problems).isEmpty();
  }

  /** The README's goal and settings tables are what users read first: they name every goal and setting. */
  @Test
  void theReadmeTablesNameEveryGoalAndEverySetting() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String goalTable = section(readme, "| goal | default phase | does |");
    for (String goal : goals.keySet()) {
      assertThat(goalTable).as("README goal table names " + goal).contains("`" + goal + "`");
    }
    String settingsTable = section(readme, "| parameter (POM) | spec file key | default |");
    for (Setting<?> s : Settings.ALL) {
      assertThat(settingsTable).as("README settings table names " + s.parameter()).contains("`" + s.parameter() + "`");
    }
  }

  /** The Markdown table that starts with this header row. */
  private static String section(String markdown, String header) {
    int start = markdown.indexOf(header);
    assertThat(start).as("README has a table headed " + header).isNotNegative();
    int end = markdown.indexOf("\n\n", start);
    return markdown.substring(start, end < 0 ? markdown.length() : end);
  }

  private static String firstSentence(String javadoc) {
    String plain = javadoc.replaceAll("\\{@code ([^}]*)}", "$1").replace("&lt;", "<").replace("&gt;", ">");
    int dot = plain.indexOf(". ");
    return dot < 0 ? plain : plain.substring(0, dot + 1);
  }

  private static String text(Element e, String child) {
    NodeList n = e.getElementsByTagName(child);
    return n.getLength() == 0 ? "" : n.item(0).getTextContent().strip();
  }
}
