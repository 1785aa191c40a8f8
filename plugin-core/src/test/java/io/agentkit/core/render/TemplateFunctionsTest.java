package io.agentkit.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.ObjectWrapper;
import freemarker.template.Template;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** hasContent answers as FreeMarker's ?has_content does, for every kind of value a template model holds. */
class TemplateFunctionsTest {

  private static final ObjectWrapper WRAPPER = new DefaultObjectWrapperBuilder(Templates.FREEMARKER_VERSION).build();

  @Test
  void hasContentIsTheBuiltInsAnswer() throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("emptyList", List.of());
    values.put("list", List.of("a"));
    values.put("emptyMap", Map.of());
    values.put("map", Map.of("k", "v"));
    values.put("emptySet", Set.of());
    values.put("set", Set.of(1));
    values.put("emptyText", "");
    values.put("blankText", " ");
    values.put("text", "x");
    values.put("zero", 0);
    values.put("no", false);
    for (String name : values.keySet()) {
      boolean builtIn = render("${(v." + name + ")?has_content?c}", values).equals("true");
      assertThat(TemplateFunctions.hasContent(WRAPPER.wrap(values.get(name)))).as(name).isEqualTo(builtIn);
    }
    assertThat(TemplateFunctions.hasContent(null)).isFalse();
  }

  private static String render(String template, Map<String, Object> values) throws Exception {
    Configuration c = new Configuration(Templates.FREEMARKER_VERSION);
    StringWriter out = new StringWriter();
    new Template("t", new StringReader(template), c).process(Map.of("v", values), out);
    return out.toString();
  }
}
