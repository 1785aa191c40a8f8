package io.agentkit.core.render;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import freemarker.template.TemplateBooleanModel;
import freemarker.template.TemplateCollectionModel;
import freemarker.template.TemplateCollectionModelEx;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateSequenceModel;
import freemarker.template.utility.DeepUnwrap;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Functions templates call, named after Helm's: {@code quote} for any user-supplied scalar and
 * {@code toYaml} for free-form structures such as tolerations; and {@code hasContent}, FreeMarker's
 * {@code ?has_content} as a function.
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

  /**
   * Whether a list or map has entries, or a text has characters: {@code ?has_content} for the values a
   * template model holds. The bundled templates call this instead of the built-in because the first
   * built-in a build parses makes FreeMarker load its whole table of built-ins (187 classes in the
   * example's build).
   */
  static final TemplateMethodModelEx HAS_CONTENT =
      args -> {
        if (args.size() != 1) {
          throw new TemplateModelException("hasContent takes one argument, e.g. hasContent(agent.tolerations)");
        }
        return hasContent((TemplateModel) args.get(0)) ? TemplateBooleanModel.TRUE : TemplateBooleanModel.FALSE;
      };

  static boolean hasContent(TemplateModel value) throws TemplateModelException {
    if (value == null) {
      return false;
    }
    if (value instanceof TemplateSequenceModel seq) {
      return seq.size() > 0;
    }
    if (value instanceof TemplateCollectionModelEx c) {
      return !c.isEmpty();
    }
    if (value instanceof TemplateCollectionModel c) {
      return c.iterator().hasNext();
    }
    if (value instanceof TemplateHashModel h) {
      return !h.isEmpty();
    }
    if (value instanceof TemplateScalarModel s) {
      String text = s.getAsString();
      return text != null && !text.isEmpty();
    }
    return true;
  }

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
