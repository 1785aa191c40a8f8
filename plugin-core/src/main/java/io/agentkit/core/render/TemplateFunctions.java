package io.agentkit.core.render;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.utility.DeepUnwrap;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Functions templates call, named after Helm's: {@code quote} for any user-supplied scalar and
 * {@code toYaml} for free-form structures such as tolerations.
 */
final class TemplateFunctions {

  private TemplateFunctions() {}

  /** A YAML double-quoted scalar; JSON escaping is valid YAML, and no value can break out of it. */
  static final TemplateMethodModelEx QUOTE =
      args -> {
        if (args.size() != 1) {
          throw new TemplateModelException("quote takes one argument");
        }
        Object value = DeepUnwrap.unwrap((TemplateModel) args.get(0));
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(String.valueOf(value))) + "\"";
      };

  /** Block-style YAML of a map or list, every line indented by the second argument. */
  static final TemplateMethodModelEx TO_YAML =
      args -> {
        if (args.size() != 2 || !(args.get(1) instanceof TemplateNumberModel indent)) {
          throw new TemplateModelException("toYaml takes a value and an indent, e.g. toYaml(agent.affinity, 8)");
        }
        Object value = DeepUnwrap.unwrap((TemplateModel) args.get(0));
        return indent(dump(value), indent.getAsNumber().intValue());
      };

  static String dump(Object value) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setWidth(Integer.MAX_VALUE);
    options.setSplitLines(false);
    return new Yaml(options).dump(value);
  }

  static String indent(String text, int spaces) {
    String pad = " ".repeat(spaces);
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.stream().map(l -> l.isEmpty() ? l : pad + l).toList());
  }
}
