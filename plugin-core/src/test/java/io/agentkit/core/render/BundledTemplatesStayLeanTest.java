package io.agentkit.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bundled templates run in every build, so they keep to what costs FreeMarker no extra classes (see the header of
 * deployment.yaml.ftl and docs/plugin-cost.md): no built-in ({@code x?has_content}: the first one parsed loads the whole
 * table of ~190 built-in classes) and no comparison of strings ({@code mode == "fixed"}: a Collator and its tables). Users'
 * templates may use both; this only guards the bundled ones against a rewrite bringing the cost back unnoticed.
 */
class BundledTemplatesStayLeanTest {

  /** An interpolation or a directive's opening tag, after comments are removed. */
  private static final Pattern FTL = Pattern.compile("\\$\\{[^}]*}|<#[a-z]+[^>]*>");
  /** {@code x?name}; not {@code x??}, the existence operator, which is no built-in. */
  private static final Pattern BUILT_IN = Pattern.compile("\\?[a-z_]");
  /** A comparison with a string literal on either side (comparing numbers needs no Collator). */
  private static final Pattern COMPARISON = Pattern.compile("(==|!=)\\s*[\"']|[\"']\\s*(==|!=)");

  @Test
  void noBundledTemplateCallsABuiltInOrComparesStrings() throws Exception {
    List<String> found = new ArrayList<>();
    for (String name : TemplateNames.ALL) {
      String text;
      try (InputStream in = Templates.class.getResourceAsStream(TemplateNames.CLASSPATH_BASE + "/" + name)) {
        assertThat(in).as(name).isNotNull();
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?s)<#--.*?-->", "");
      }
      Matcher m = FTL.matcher(text);
      while (m.find()) {
        if (BUILT_IN.matcher(m.group()).find() || COMPARISON.matcher(m.group()).find()) {
          found.add(name + ": " + m.group());
        }
      }
    }
    assertThat(found).as("built-ins or comparisons in the bundled templates").isEmpty();
  }

  @Test
  void theCheckFindsWhatItLooksFor() {
    for (String ftl : List.of("<#if agent.tolerations?has_content>", "${key?is_first?then(\"- \", \"  \")}", "<#if x.mode == \"fixed\">",
        "<#elseif a != 'b'>")) {
      Matcher m = FTL.matcher(ftl);
      assertThat(m.find()).as(ftl).isTrue();
      assertThat(BUILT_IN.matcher(m.group()).find() || COMPARISON.matcher(m.group()).find()).as(ftl).isTrue();
    }
  }
}
